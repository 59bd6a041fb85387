#!/usr/bin/env bash
# Rebuild vitrina's default press profile, src/vitrina/assets/icc/FOGRA39-vitrina.icc:
# an ICC output (printer) profile for coated offset paper (FOGRA39, ISO 12647-2:2004),
# made by ArgyllCMS's colprof from the FOGRA39 characterisation data in Debian's
# icc-profiles-free (FOGRA39L.ti3, zlib licence; see LICENSE-icc-profiles-free.txt).
#
#   apt-get install argyll icc-profiles-free && tools/build_press_profile.sh
#
# Settings: medium quality tables (the profile stays ~120 KB), ramp black generation,
# 330 % total ink (the FOGRA39 condition), the measurement data left out of the profile (-nc).
# It takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
TI3=${TI3:-/usr/share/color/icc/FOGRA39L.ti3}
OUT=src/vitrina/assets/icc/FOGRA39-vitrina.icc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$TI3" "$work/FOGRA39L.ti3"
colprof -qm -nc -kr -l 330 \
    -D "Coated offset, FOGRA39 (ISO 12647-2:2004), vitrina from FOGRA39L.ti3 by ArgyllCMS" \
    -C "Data: FOGRA39L.ti3, icc-profiles-free, zlib licence (Kai-Uwe Behrmann)" \
    -A "vitrina" -M "FOGRA39" \
    -O "$work/out.icc" "$work/FOGRA39L"
mv "$work/out.icc" "$OUT"
ls -l "$OUT"
