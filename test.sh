#!/usr/bin/env bash
# Installs what the tests need, runs every test, and ends with one line:
#   tests: N passed, N failed, N skipped
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: Chromium for Playwright (never a downloaded browser) and
# aiosmtpd, a real SMTP server on loopback for the e-mail tests.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${missing[*]} ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]} and not root: the tests that need them will be skipped." >&2
  fi
fi

results=AdminConsole.Tests/artifacts/results
rm -rf "$results"
mkdir -p "$results"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
dotnet test AdminConsole.sln --nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?

trx=$(ls "$results"/*.trx 2>/dev/null | head -n 1)
if [ -z "$trx" ]; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(counter passed); failed=$(counter failed); skipped=$(counter notExecuted)
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
