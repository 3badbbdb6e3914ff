"""Run by the parse tests in a child process: read one file as the importer does; print time, memory and message.

    python tests/mentoring/import_probe.py FILE NAME

Its own process so that the peak memory (ru_maxrss) belongs to this one read; an address-space limit
(RLIMIT_AS) of the process's size + 400 MB turns a regression into a MemoryError instead of a swapping machine.
"""

import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * resource.getpagesize()


def main():
    import django

    django.setup()
    from django.utils import translation

    from mentoring.imports import ImportFileError
    from mentoring.imports.parse import table_read

    translation.activate("ru")
    path, name = sys.argv[1], sys.argv[2]
    with open(path, "rb") as fh:
        content = fh.read()
    limit = _address_space() + 400 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = {"refused": False, "message": "", "rows": 0}
    try:
        outcome["rows"] = len(table_read(content=content, filename=name).rows)
    except ImportFileError as exc:
        outcome.update(refused=True, message=str(exc))
    except MemoryError:
        outcome.update(refused=True, message="MemoryError")
    outcome["seconds"] = time.perf_counter() - started
    outcome["peak_growth_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main()
