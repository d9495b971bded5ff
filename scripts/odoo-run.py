"""Run Odoo as its ``odoo-bin`` does: ``python3 scripts/odoo-run.py [options]``.

Not ``python3 -m odoo``: with ``--workers`` Odoo starts its long-polling
process as ``sys.executable sys.argv[0] gevent ...``, and under ``-m`` that
``sys.argv[0]`` is ``odoo/__main__.py``, which cannot run as a script. The
process then dies at once and is started again, without end: under load it
took about half of a 2-vCPU machine (bench/README.md). Nor the ``odoo``
console script: it goes through ``pkg_resources`` and fails whenever an
installed distribution's metadata is incomplete.
"""

import os

# before the time module is used, as odoo-bin does
os.environ["TZ"] = "UTC"

import odoo  # noqa: E402

if __name__ == "__main__":
    odoo.cli.main()
