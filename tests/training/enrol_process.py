"""A separate OS process that enrols ASN concurrently, like one web server process.

    python -m tests.training.enrol_process <session_id> <start_at_epoch> <employee_id>...

Prints a JSON list of the resulting statuses (or error codes). Used by
test_concurrency to prove capacity across several processes."""

import json
import os
import sys
import threading
import time


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_competency.settings.test")
    import django

    django.setup()
    from django.db import connection

    from accounts.models import Employee
    from training.models import Session
    from training.services import enrollment_create, enrollment_notifications_muted

    session_id, start_at, employee_ids = int(argv[0]), float(argv[1]), [int(x) for x in argv[2:]]
    results = []
    lock = threading.Lock()

    def enrol(employee_id):
        try:
            session = Session.objects.get(pk=session_id)
            employee = Employee.objects.get(pk=employee_id)
            time.sleep(max(0.0, start_at - time.time()))
            with enrollment_notifications_muted():
                outcome = enrollment_create(session=session, employee=employee).status
        except Exception as exc:  # noqa: BLE001  (any error of the child process is reported to the parent test)
            outcome = f"error:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=enrol, args=(e,)) for e in employee_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1:])
