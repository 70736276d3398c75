# SPDX-License-Identifier: Apache-2.0
"""What the PostgreSQL tests share: the server they run on (TIPSOM_TEST_PG,
from tools/test-pg.sh), skipping when there is none, and psycopg2."""
import os
import sys
import urllib.parse

SERVER = os.environ.get("TIPSOM_TEST_PG")
TIPSOM = os.environ.get("TIPSOM")


def skip_without_server(script, tipsom=False):
    """Exits 77 (meson's "skipped") when no server is given, or no tipsom
    binary when tipsom is asked for."""
    if not SERVER or (tipsom and not TIPSOM):
        print("%s: skipped: TIPSOM_TEST_PG%s is not set (sh "
              "tests/pg/cluster.sh start DIR prints a server's url; "
              "tools/test-pg.sh sets them)"
              % (script, " or TIPSOM" if tipsom else ""))
        sys.exit(77)


def psycopg2(script):
    """Debian's python3-psycopg2, which is for Debian's python3: another
    python3 first on PATH (pyenv's) does not see it, so the script runs
    again under /usr/bin/python3."""
    try:
        import psycopg2 as module
        return module
    except ImportError:
        debian = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(debian) \
                and os.access(debian, os.X_OK):
            os.execv(debian, [debian] + sys.argv)
        print("%s: no psycopg2: install python3-psycopg2 (apt-get install "
              "python3-psycopg2)" % script, file=sys.stderr)
        sys.exit(1)


def database_url(server, name):
    """The url of database name on the server of url server."""
    u = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit(u._replace(path="/" + name))
