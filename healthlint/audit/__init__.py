"""``healthlint audit``: lint a whole archive into a table, locally or on Dask.

An archive is read one record at a time (``readers``, ``wordpress``), cut into
numbered partitions of a fixed size (``records``), and each partition is linted
by a worker with the same engine ``check`` uses (``work``): one row per article,
optionally one per finding, and a partial summary. The main process only writes
what workers return, one partition file at a time (``store``), and merges the
partial summaries (``summary``); so memory stays flat however large the archive,
and a run that stops can resume where it was. Workers are local processes
(``local``) or a dask.distributed cluster (``dask_runner``); ``run`` ties it
together for the command line.
"""

from __future__ import annotations

# Big enough that a task's overhead (milliseconds on Dask) is lost in its seconds
# of linting, small enough that two workers share a few thousand articles and a
# resumed run redoes little. Kept here, not in ``records``, so that the command
# line can show it without importing the audit's modules.
DEFAULT_PARTITION_SIZE = 200
