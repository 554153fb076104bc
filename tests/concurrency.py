"""Running the same work in several threads at once, as two workers or two beat runs would."""

import threading

from django.db import connection


def run_at_once(work, times=2):
    """Call `work()` in `times` threads released together; each closes its own database
    connection when done. Returns what each call returned or raised, in no particular order."""
    start = threading.Barrier(times)
    outcomes = []

    def run():
        try:
            start.wait()
            outcomes.append(work())
        except Exception as error:  # noqa: BLE001 - handed to the caller's assertions
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
