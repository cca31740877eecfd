#!/usr/bin/env bash
# LatentEcho set-up on Debian 12: installs the Debian packages the build needs (only those
# missing, so it is idempotent), builds in Release, then either runs the main job on the bundled
# defaults or, with --test, the whole test suite.
#
#   packaging/setup.sh          install, build, run the main job
#   packaging/setup.sh --test   install, build, run every test (ctest)
#
# apt-get runs directly as root and through sudo otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=main
case "${1:-}" in
  "") ;;
  --test) mode=test ;;
  *) echo "usage: $0 [--test]" >&2; exit 1 ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev libgloo-dev libopencv-dev libdcmtk-dev libgif-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libcli11-dev nlohmann-json3-dev libxxhash-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev
  xvfb xauth
  dpkg-dev file appstream desktop-file-utils libxml2-utils groff-base
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc)
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DLATENTECHO_WERROR="$werror"
cmake --build build -j"$jobs"

if [ "$mode" = test ]; then
  # Each test process gets one core's worth of threads: ctest runs $jobs of them at once.
  # The `package` tests are included: they validate the desktop files and man pages, and build,
  # install (as root or through sudo), run and remove the Debian package.
  exec ctest --test-dir build --output-on-failure -j"$jobs" --timeout 900
fi

# The main job on the bundled defaults: what the bundled sample clip is, a small simulated
# dataset with truth, the paper's low-quality simulation of the sample, and the paper's method on
# the sample (e4e pivots, PTI — a few minutes on two cores, cached for the studio — then
# w + alpha d), written alone and side by side with the original, and the measurements of both.
mkdir -p out
bin=build/app/latentecho
sample=resources/samples/sample_a4c.avi
"$bin" info "$sample"
"$bin" simulate --out out/simulated --clips 4 --seed 1 --overwrite
"$bin" degrade "$sample" out/sample_a4c_degraded.avi
"$bin" enhance "$sample" --alpha 0.5 --out out/sample_a4c_enhanced.mp4
"$bin" enhance "$sample" --alpha 0.5 --side-by-side --out out/sample_a4c_side_by_side.mp4
"$bin" measure "$sample"
"$bin" measure out/sample_a4c_enhanced.mp4
echo "Done: see out/ (simulated dataset, degraded sample, enhanced sample)." >&2

# Then the studio on the bundled sample, where there is a display to show it on.
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/latentecho-studio "$sample"
fi
echo "No display here; on a desktop, open the studio with: build/app/latentecho-studio $sample" >&2
