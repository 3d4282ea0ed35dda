#!/bin/sh
# Installs Debian's Chromium for the HTML report's browser test (tests/report/test_html_browser.py).
# Never fails the run: without a browser that one test skips and says why.
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ]; then as_root=""; elif command -v sudo >/dev/null 2>&1; then as_root="sudo -n"; else
  echo "install-browser: not root and no sudo; the browser test will skip" >&2; exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  timeout 600 sh -c "$as_root apt-get update -q && $as_root apt-get install -y -q chromium" >/dev/null 2>&1 \
    || echo "install-browser: apt-get could not install chromium; the browser test will skip" >&2
else
  echo "install-browser: no apt-get; install Chromium yourself to run the browser test" >&2
fi
exit 0
