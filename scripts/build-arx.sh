#!/bin/sh
# Builds ARX 3.9.2 (https://github.com/arx-deidentifier/arx, Apache-2.0) from a clone of its public
# repository with the JDK only (no Maven or Ant: Maven Central is not always reachable), for
# `npm run bench:anonymize`, which runs ARX side by side with Wuming. Nothing of ARX is committed.
#   scripts/build-arx.sh ARX_GIT_DIR OUT_DIR
# then: export ARX_CLASSPATH="OUT_DIR/arx-3.9.2.jar:OUT_DIR/jars/*"
# The jars ARX keeps in lib/ant are used. A clone that lacks pdfbox-app or hadoop-core (large files
# some mirrors omit) still builds: three compile-time stand-ins replace the types that only ARX's
# PDF certificate and its ML classifier use; neither runs in the benchmark.
set -eu
SRC=$1
OUT=$2
TAG=${ARX_TAG:-v3.9.2}
mkdir -p "$OUT/jars" "$OUT/stubs" "$OUT/classes"
git --git-dir="$SRC" archive "$TAG" src/main 2>/dev/null | tar -x -C "$OUT" ||
  (cd "$SRC" && git archive "$TAG" src/main) | tar -x -C "$OUT"
GITDIR=$SRC
[ -d "$SRC/.git" ] && GITDIR=$SRC/.git
for f in $(git --git-dir="$GITDIR" ls-tree -r --name-only "$TAG" lib/ant | grep '\.jar$'); do
  if ! git --git-dir="$GITDIR" cat-file -p "$TAG:$f" >"$OUT/jars/$(basename "$f")" 2>/dev/null; then
    echo "absent from this clone: $f" >&2
    rm -f "$OUT/jars/$(basename "$f")"
  fi
done
if [ ! -f "$OUT/jars/pdfbox-app-2.0.1.jar" ]; then
  mkdir -p "$OUT/stubs/org/apache/pdfbox/pdmodel/font" "$OUT/stubs/org/apache/pdfbox/multipdf"
  echo 'package org.apache.pdfbox.pdmodel.font; public abstract class PDFont {}' \
    >"$OUT/stubs/org/apache/pdfbox/pdmodel/font/PDFont.java"
  echo 'package org.apache.pdfbox.pdmodel; public class PDDocument implements java.io.Closeable { public void close() {} public void save(java.io.OutputStream o) {} public void save(java.io.File f) {} public static PDDocument load(java.io.InputStream i) { return new PDDocument(); } public static PDDocument load(java.io.File f) { return new PDDocument(); } }' \
    >"$OUT/stubs/org/apache/pdfbox/pdmodel/PDDocument.java"
  echo 'package org.apache.pdfbox.multipdf; public class Overlay { public enum Position { BACKGROUND, FOREGROUND } public void setInputPDF(org.apache.pdfbox.pdmodel.PDDocument d) {} public void setAllPagesOverlayPDF(org.apache.pdfbox.pdmodel.PDDocument d) {} public void setOverlayPosition(Position p) {} public void overlay(java.util.Map<Integer, String> m) {} }' \
    >"$OUT/stubs/org/apache/pdfbox/multipdf/Overlay.java"
fi
if [ ! -f "$OUT/jars/hadoop-core-1.2.1.jar" ]; then
  mkdir -p "$OUT/stubs/org/apache/hadoop/io"
  echo 'package org.apache.hadoop.io; public interface Writable { void write(java.io.DataOutput out) throws java.io.IOException; void readFields(java.io.DataInput in) throws java.io.IOException; }' \
    >"$OUT/stubs/org/apache/hadoop/io/Writable.java"
fi
find "$OUT/src/main" "$OUT/stubs" -name '*.java' >"$OUT/sources.txt"
javac -nowarn -encoding UTF-8 -source 8 -target 8 -cp "$OUT/jars/*" -d "$OUT/classes" @"$OUT/sources.txt" 2>&1 |
  grep -v '^Note:\|^warning:\|^[0-9]* warning' || true
rm -rf "$OUT/classes/org/apache"
(cd "$OUT/src/main" && find . -type f ! -name '*.java' -exec cp --parents {} ../../classes/ \;)
jar cf "$OUT/arx-3.9.2.jar" -C "$OUT/classes" .
echo "built $OUT/arx-3.9.2.jar; export ARX_CLASSPATH=\"$OUT/arx-3.9.2.jar:$OUT/jars/*\""
