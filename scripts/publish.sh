#!/usr/bin/env bash
# Builds AdminConsole as one self-contained program per platform: no .NET needed where it runs.
#   scripts/publish.sh                      linux-x64, win-x64 and osx-arm64
#   scripts/publish.sh linux-x64            just one
#   OUTPUT=/some/dir scripts/publish.sh …   somewhere else than dist/
# Each platform gets dist/<platform>/ (the program, appsettings.json, wwwroot/) and dist/AdminConsole-<platform>.tar.gz.
set -euo pipefail
cd "$(dirname "$0")/.."
output="${OUTPUT:-$PWD/dist}"
platforms=("$@")
[ ${#platforms[@]} -gt 0 ] || platforms=(linux-x64 win-x64 osx-arm64)
for rid in "${platforms[@]}"; do
  echo "Publishing $rid …"
  rm -rf "$output/$rid"
  dotnet publish AdminConsole/AdminConsole.csproj --nologo -v quiet -c Release -r "$rid" --self-contained \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
    -o "$output/$rid"
  # The laptop runs with the operator's settings of this repository (demo data on, data/adminconsole.db), not the
  # bare defaults of AdminConsole/appsettings.json.
  cp appsettings.json "$output/$rid/appsettings.json"
  tar -czf "$output/AdminConsole-$rid.tar.gz" -C "$output" "$rid"
  echo "  $output/$rid/ and $output/AdminConsole-$rid.tar.gz"
done
