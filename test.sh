#!/usr/bin/env bash
# Installs what the tests need, runs every test (the service and web tests twice: on SQLite and on PostgreSQL),
# and ends with one line:
#   tests: N passed, N failed, N skipped
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: Chromium for Playwright (never a downloaded browser), aiosmtpd (a real SMTP
# server on loopback), PostgreSQL and Redis (the multi-node tests and the PostgreSQL run).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${missing[*]} ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]} and not root: the tests that need them will be skipped." >&2
  fi
fi

# axe-core for the accessibility checks of the browser tests: a pinned version from the npm registry, no lockfile.
if [ ! -f AdminConsole.Tests/a11y/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    (cd AdminConsole.Tests/a11y && npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null) \
      || echo "axe-core could not be installed: the accessibility checks are skipped." >&2
  else
    echo "npm is missing: the accessibility checks are skipped." >&2
  fi
fi

# PostgreSQL on loopback with a known password, for the PostgreSQL run and the two-node tests.
export ADMINCONSOLE_TEST_POSTGRES="${ADMINCONSOLE_TEST_POSTGRES:-Host=127.0.0.1;Username=postgres;Password=postgres}"
postgres_ready=no
if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
fi
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1; then
  postgres_ready=yes
else
  echo "PostgreSQL is not running: the PostgreSQL run and the two-node tests are skipped." >&2
fi

results=AdminConsole.Tests/artifacts/results
rm -rf "$results"
mkdir -p "$results"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

dotnet test AdminConsole.sln --nologo --logger "trx;LogFileName=sqlite.trx" --results-directory "$results" "$@"
status=$?
if [ "$postgres_ready" = yes ] && [ $# -eq 0 ]; then
  echo "Running the service and web tests again on PostgreSQL ..."
  ADMINCONSOLE_TEST_DATABASE=postgres dotnet test AdminConsole.Tests --nologo --no-build \
    --filter "FullyQualifiedName~AdminConsole.Tests.Services|FullyQualifiedName~AdminConsole.Tests.Web" \
    --logger "trx;LogFileName=postgres.trx" --results-directory "$results" || status=1
fi

passed=0; failed=0; skipped=0
found=no
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=yes
  counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  # A skipped test is counted in total but not in executed.
  passed=$((passed + $(counter passed))); failed=$((failed + $(counter failed)))
  skipped=$((skipped + $(counter total) - $(counter executed)))
done
if [ "$found" = no ]; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
