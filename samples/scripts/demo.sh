#!/usr/bin/env bash
# The README's main job: the persistent word count on a small generated input, with the state on the
# local filesystem. Run 1 counts two files; run 2, after a new file arrives and an old one is deleted,
# continues from the saved state and writes only the changes.
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=samples/target/tideway-samples.jar
if [ ! -f "$jar" ]; then
  mvn -q -B -ntp package -DskipTests
fi

demo=${DEMO_DIR:-demo}
rm -rf "$demo"
mkdir -p "$demo/input"
printf 'word\ntide\nway\ntide\n' > "$demo/input/monday.csv"
printf 'word\nstream\ntide\n' > "$demo/input/tuesday.csv"

echo "== run 1: two files"
java -jar "$jar" wordcount --input "$demo/input" --output "$demo/counts.jsonl" --mode static --state "$demo/state"
cat "$demo/counts.jsonl"

echo "== new data: wednesday.csv arrives, monday.csv is deleted"
printf 'word\nway\nstream\nstream\n' > "$demo/input/wednesday.csv"
rm "$demo/input/monday.csv"
lines=$(wc -l < "$demo/counts.jsonl")

echo "== run 2: continues from the state; the output file gets only the changes"
java -jar "$jar" wordcount --input "$demo/input" --output "$demo/counts.jsonl" --mode static --state "$demo/state"
tail -n +"$((lines + 1))" "$demo/counts.jsonl"

echo "== run 3: streaming; thursday.csv arrives while it runs, then SIGTERM stops it gracefully"
lines=$(wc -l < "$demo/counts.jsonl")
java -jar "$jar" wordcount --input "$demo/input" --output "$demo/counts.jsonl" --state "$demo/state" --poll-interval-ms 200 &
pid=$!
printf 'word\nway\n' > "$demo/input/thursday.tmp" && mv "$demo/input/thursday.tmp" "$demo/input/thursday.csv"
for _ in $(seq 1 100); do
  [ "$(wc -l < "$demo/counts.jsonl")" -gt "$lines" ] && break
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid" && echo "(exit code 0)"
tail -n +"$((lines + 1))" "$demo/counts.jsonl"
