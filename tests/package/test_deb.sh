#!/usr/bin/env bash
# The Debian package, end to end: builds it with CPack, installs it on this machine with apt-get,
# runs the installed programs on the installed sample clip, removes it, and checks the machine is
# as it was. Exit 77 (CTest: skipped, with the reason on stderr) where it cannot run: not Debian,
# no root or password-less sudo, or a latentecho already installed that it must not replace.
#
#   test_deb.sh SOURCE_DIR BUILD_DIR VERSION CPACK
#
# What it runs, installed (/usr/bin), from a scratch folder, LATENTECHO_RESOURCES unset:
#   latentecho --version
#   latentecho --json enhance /usr/share/latentecho/samples/sample_a4c.avi --method nlm
#              --alpha 10 --frames 4 --size 128 --out nlm.avi          (+ info on the result)
#   latentecho --json measure /usr/share/latentecho/samples/sample_a4c.avi   (bundled segmenter)
#   latentecho --json enhance ... --frames 2 --steps 2 --out latent.avi     (the default latent
#       method) when the package has the bundled encoder and direction; else the same command must
#       fail naming the installed /usr/share/latentecho/models path (never the source tree)
#   latentecho-studio --help under LANG=de_DE.UTF-8 (the embedded German translation)
set -uo pipefail

usage="usage: test_deb.sh SOURCE_DIR BUILD_DIR VERSION CPACK"
source_dir=${1:?$usage}
build=${2:?$usage}
version=${3:?$usage}
cpack=${4:?$usage}
data=/usr/share/latentecho
sample=$data/samples/sample_a4c.avi
start=$SECONDS

skip() { echo "SKIPPED: $*" >&2; exit 77; }
fail() { echo "FAILED: $*" >&2; exit 1; }
step() { echo "== [$((SECONDS - start)) s] $*" >&2; }

if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
  skip "not a Debian system (no dpkg/apt-get): the package test installs a .deb"
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  skip "installing the package needs root or password-less sudo (run as root, as CI does)"
fi

# One package test at a time on this machine (several checkouts may run their suites at once).
lock=${TMPDIR:-/tmp}/latentecho-package-test.lock
exec 9>>"$lock" || fail "cannot open the lock file $lock"
chmod a+rw "$lock" 2>/dev/null
flock -w 1200 9 || fail "another package test held $lock for 20 minutes"

installed() { dpkg-query -W -f='${Status}' latentecho 2>/dev/null | grep -q "ok installed"; }
if installed; then
  skip "latentecho $(dpkg-query -W -f='${Version}' latentecho) is installed on this machine;" \
    "this test does not replace it (apt-get remove latentecho, then run the test again)"
fi
for path in /usr/bin/latentecho /usr/bin/latentecho-studio "$data"; do
  [ -e "$path" ] && skip "$path exists but belongs to no package (a manual install?);" \
    "this test would overwrite and then delete it"
done

work=$(mktemp -d "$build/package-test.XXXXXX") || fail "cannot make a scratch folder in $build"
we_installed=0
added=()
# Leaves the machine as found, however the test ends: the package (and any dependency apt-get
# pulled in for it) purged, the scratch folder gone.
cleanup() {
  local rc=$?
  if [ "$we_installed" = 1 ] && installed; then
    echo "== removing latentecho ${added[*]}" >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q \
      purge latentecho "${added[@]}" >&2 || rc=1
  fi
  if [ "$we_installed" = 1 ]; then
    for path in /usr/bin/latentecho /usr/bin/latentecho-studio "$data"; do
      [ -e "$path" ] && { echo "FAILED: $path left behind after removal" >&2; rc=1; }
    done
  fi
  rm -rf "$work"
  echo "== [$((SECONDS - start)) s] done (exit $rc)" >&2
  exit $rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

step "building the package (cpack)"
timeout 900 "$cpack" -G DEB -B "$work/cpack" --config "$build/CPackConfig.cmake" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
debs=("$work"/cpack/latentecho_"$version"_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || { cat "$work/cpack.log" >&2; fail "cpack made no latentecho_${version}_*.deb"; }
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1)" >&2

step "checking its contents and Depends"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/files"
has_studio=0
grep -qx /usr/bin/latentecho-studio "$work/files" && has_studio=1
expected=(/usr/bin/latentecho "$sample" "$data/models/stylegan2-echo/model.json"
  "$data/models/segmenter-echo/weights.safetensors" /usr/share/man/man1/latentecho.1.gz)
[ "$has_studio" = 1 ] && expected+=(/usr/share/applications/org.latentecho.Studio.desktop
  /usr/share/icons/hicolor/scalable/apps/org.latentecho.Studio.svg
  /usr/share/metainfo/org.latentecho.Studio.metainfo.xml
  /usr/share/man/man1/latentecho-studio.1.gz)
for file in "${expected[@]}"; do
  grep -qx "$file" "$work/files" || fail "the package lacks $file"
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends" >&2
grep -q "libtorch" <<<"$depends" || fail "Depends (from dpkg-shlibdeps) does not name libtorch"

step "installing it (apt-get install $deb)"
dpkg-query -W -f='${Package}\n' | sort >"$work/before"
we_installed=1
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q \
  install --no-install-recommends "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get install $deb failed"; }
dpkg-query -W -f='${Package}\n' | sort >"$work/after"
mapfile -t added < <(comm -13 "$work/before" "$work/after" | grep -vx latentecho)
((${#added[@]})) && echo "apt-get also installed: ${added[*]}" >&2
installed || fail "dpkg does not list latentecho as installed"

# The installed programs as a user runs them: from PATH, in an unrelated folder, no overrides.
mkdir -p "$work/run/home"
cd "$work/run" || fail "cd $work/run"
run() {
  timeout 300 env -u LATENTECHO_RESOURCES -u LATENTECHO_TOOLS HOME="$work/run/home" \
    XDG_CACHE_HOME="$work/run/cache" PATH=/usr/bin:/bin LATENTECHO_THREADS=1 "$@"
}

step "latentecho --version"
[ "$(run sh -c 'command -v latentecho')" = /usr/bin/latentecho ] || fail "latentecho is not /usr/bin/latentecho on PATH"
got=$(run latentecho --version) || fail "latentecho --version failed"
[ "$got" = "latentecho $version" ] || fail "latentecho --version said '$got', not 'latentecho $version'"

step "latentecho enhance --method nlm on the installed sample"
run latentecho --json enhance "$sample" --method nlm --alpha 10 --frames 4 --size 128 \
  --out nlm.avi >nlm.json 2>nlm.err || { cat nlm.err >&2; fail "enhance --method nlm failed"; }
[ -s nlm.avi ] || fail "enhance --method nlm wrote no nlm.avi"
run latentecho --json info nlm.avi >nlm-info.json 2>&1 || { cat nlm-info.json >&2; fail "info nlm.avi failed"; }
grep -Eq '"frames": 4[,}]?$' nlm-info.json || { cat nlm-info.json >&2; fail "nlm.avi does not have 4 frames"; }
grep -Eq '"width": 128[,}]?$' nlm-info.json || { cat nlm-info.json >&2; fail "nlm.avi is not 128 wide"; }

step "latentecho measure on the installed sample (the installed segmenter)"
run latentecho --json measure "$sample" >measure.json 2>measure.err ||
  { cat measure.err >&2; fail "measure with the bundled segmenter failed"; }
grep -q "\"model\": \"$data/models/segmenter-echo\"" measure.json ||
  { cat measure.json >&2; fail "measure did not use the installed $data/models/segmenter-echo"; }

if [ -e "$data/models/e4e-echo" ] && [ -e "$data/models/direction-echo.pt" ]; then
  step "latentecho enhance (default latent method) on the installed sample"
  run latentecho --json enhance "$sample" --frames 2 --steps 2 --out latent.avi >latent.json \
    2>latent.err || { cat latent.err >&2; fail "enhance (latent) failed"; }
  [ -s latent.avi ] || fail "enhance (latent) wrote no latent.avi"
  grep -q "\"$data/models/direction-echo.pt\"" latent.json ||
    { cat latent.json >&2; fail "enhance did not use the installed direction"; }
else
  step "latentecho enhance (latent): the package has no bundled encoder/direction yet;" \
    "the command must fail naming the installed models folder"
  run latentecho enhance "$sample" --frames 2 --steps 2 --out latent.avi 2>latent.err
  rc=$?
  cat latent.err >&2
  [ "$rc" = 1 ] || fail "enhance without a bundled encoder/direction exited $rc, not 1"
  grep -q "$data/models/" latent.err || fail "the error does not name $data/models/"
  grep -q "$source_dir/resources" latent.err && fail "the installed program looked in the source tree"
  [ -e latent.avi ] && fail "a failed enhance left latent.avi behind"
fi

if [ "$has_studio" = 1 ]; then
  step "latentecho-studio --help in German (the embedded translations)"
  run env QT_QPA_PLATFORM=offscreen LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 latentecho-studio --help \
    >studio.txt 2>&1 || { cat studio.txt >&2; fail "latentecho-studio --help failed"; }
  grep -q "Verbesserung von Echokardiogrammen" studio.txt ||
    { cat studio.txt >&2; fail "the installed studio did not speak German under LANG=de_DE"; }
  if command -v update-desktop-database >/dev/null; then
    grep -q "application/dicom=.*org.latentecho.Studio.desktop" \
      /usr/share/applications/mimeinfo.cache ||
      fail "the desktop database does not associate DICOM with org.latentecho.Studio.desktop"
  fi
fi

if command -v man >/dev/null; then
  step "man latentecho"
  MANWIDTH=100 run man latentecho >man.txt 2>&1 || { cat man.txt >&2; fail "man latentecho failed"; }
  grep -q "latentecho enhance" man.txt || fail "man latentecho does not describe enhance"
fi

step "removing it"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q \
  purge latentecho "${added[@]}" >"$work/purge.log" 2>&1 ||
  { cat "$work/purge.log" >&2; fail "apt-get purge latentecho failed"; }
installed && fail "latentecho is still installed after apt-get purge"
echo "PASSED: built, installed, ran and removed $(basename "$deb")" >&2
