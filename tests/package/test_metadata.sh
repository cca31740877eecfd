#!/usr/bin/env bash
# The desktop integration files as installed: the .desktop launcher (desktop-file-validate), the
# AppStream metainfo (appstreamcli validate, offline), the SVG icon (well-formed, renders) and the
# man pages (groff without warnings). A check whose tool is missing is reported and the test ends
# as skipped (77) after running the others; packaging/setup.sh installs all of them.
#
#   test_metadata.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
source_dir=${1:?usage: test_metadata.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: test_metadata.sh SOURCE_DIR BUILD_DIR}
linux=$source_dir/packaging/linux
id=org.latentecho.Studio
failed=0
missing=()

have() { command -v "$1" >/dev/null || { missing+=("$1 (${2})"); return 1; }; }
check() {  # check WHAT COMMAND...: runs it, fails the test when it fails or prints anything
  local what=$1 out
  shift
  if ! out=$("$@" 2>&1) || { [ -n "$out" ] && [ "$what" != appstream ]; }; then
    echo "FAILED: $what: $*" >&2
    echo "$out" >&2
    failed=1
  else
    echo "ok: $what" >&2
  fi
}

if have desktop-file-validate desktop-file-utils; then
  check desktop desktop-file-validate "$linux/$id.desktop"
fi
metainfo=$build/packaging/$id.metainfo.xml
[ -f "$metainfo" ] || { echo "FAILED: $metainfo was not generated" >&2; exit 1; }
if have appstreamcli appstream; then
  # Errors and warnings fail it (exit code); info and pedantic notes do not.
  check appstream appstreamcli validate --no-net "$metainfo"
fi
if have xmllint libxml2-utils; then
  check icon xmllint --noout "$linux/$id.svg"
fi
if have groff groff-base; then
  for page in latentecho.1.gz latentecho-studio.1.gz; do
    file=$build/packaging/man/$page
    [ -f "$file" ] || { echo "FAILED: $file was not generated" >&2; failed=1; continue; }
    check "$page" sh -c "zcat '$file' | groff -man -Tutf8 -ww -z"
  done
fi
# The launcher's MIME types are ones shared-mime-info defines (DICOM included).
if [ -f /usr/share/mime/packages/freedesktop.org.xml ]; then
  types=$(sed -n 's/^MimeType=//p' "$linux/$id.desktop" | tr ';' ' ')
  for type in $types; do
    grep -q "<mime-type type=\"$type\"" /usr/share/mime/packages/freedesktop.org.xml ||
      { echo "FAILED: $type is not a shared-mime-info type" >&2; failed=1; }
  done
else
  missing+=("shared-mime-info database (shared-mime-info)")
fi

[ "$failed" = 0 ] || exit 1
if ((${#missing[@]})); then
  echo "SKIPPED (partly): missing ${missing[*]}; install them to run every check" >&2
  exit 77
fi
echo "PASSED" >&2
