"""The language server: healthlint's findings as diagnostics while the writer types.

Nothing here is imported by the command line until ``healthlint lsp`` runs, so
the other commands never pay for pygls. The work is split so each part is easy to
test on its own:

- ``positions``: source columns (characters) to editor columns (UTF-16 and kin);
- ``jobs``: what the server asks the lint worker, and what comes back;
- ``worker``: the child process that lints documents with the engine;
- ``process``: starts, feeds and stops that child process;
- ``scheduler``: debounces edits, drops and stops stale runs;
- ``settings``, ``docslinks``: what the editor configured, where rule pages are;
- ``diagnostics``, ``actions``, ``hover``: a lint result in protocol terms;
- ``server``: the pygls wiring.
"""
