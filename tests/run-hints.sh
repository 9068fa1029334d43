#!/bin/sh
# Every fix hint on the fixtures and examples applies, compiles and
# silences its finding (tests/hints/check-hints.py).
exec /usr/bin/python3 tests/hints/check-hints.py "${TOCSIN:-build/tocsin}"
