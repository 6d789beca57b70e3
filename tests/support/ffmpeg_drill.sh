#!/usr/bin/env bash
# Stands in for ffmpeg in drills (the service finds it through IMAGEIO_FFMPEG_EXE). When the service DECODES a
# recording whose metadata carries a marker, it misbehaves the way real decoders do:
#   DRILL-CRASH-<name>  the service process dies at once (kill -9 of the parent: like the OOM killer)
#   DRILL-HOLD-<name>   touches $DRILL_DIR/<name>.held, then waits for $DRILL_DIR/<name>.release before decoding
#   DRILL-HANG-<name>   the decoder hangs and never writes a byte (until it is killed)
# Everything else (and every probe) runs the real ffmpeg, $DRILL_REAL_FFMPEG, with the same arguments.
input="" decode=0 previous=""
for arg in "$@"; do
  [[ "$previous" == "-i" ]] && input="${arg#file:}"
  [[ "$arg" == "s16le" ]] && decode=1
  previous="$arg"
done
if [[ $decode == 1 && -f "$input" ]]; then
  marker=$(grep -aoE 'DRILL-(CRASH|HOLD|HANG)-[A-Za-z0-9]+' "$input" | head -n 1)
  case "$marker" in
    DRILL-CRASH-*)
      kill -9 "$PPID"
      exit 137
      ;;
    DRILL-HANG-*)
      exec sleep 3600
      ;;
    DRILL-HOLD-*)
      name="${marker#DRILL-HOLD-}"
      touch "$DRILL_DIR/$name.held"
      while [[ ! -e "$DRILL_DIR/$name.release" ]]; do sleep 0.05; done
      ;;
  esac
fi
exec "$DRILL_REAL_FFMPEG" "$@"
