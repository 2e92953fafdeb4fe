#!/bin/sh
# Build step of the workspace image: downloads each app's release tarball, refuses it unless its sha256 is the pinned
# one, and unpacks it into the image's apps directory. Input: a file of "<app id> <version> <sha256> <url>" lines.
set -eu
list="$1"
target="$2"
mkdir -p "$target"
work="$(mktemp -d)"
while read -r app version sha256 url; do
    [ -n "$app" ] || continue
    case "$sha256" in
        [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*) ;;
        *) echo "The sha256 of $app $version is not pinned ($sha256): see runbooks/building-images.md" >&2; exit 1 ;;
    esac
    curl -fsSL --proto '=https' -o "$work/$app.tar.gz" "$url"
    echo "$sha256  $work/$app.tar.gz" | sha256sum -c -
    mkdir -p "$work/$app"
    tar -xzf "$work/$app.tar.gz" -C "$work/$app"
    # A release tarball holds one top directory named after the app id.
    if [ ! -f "$work/$app/$app/appinfo/info.xml" ]; then
        echo "The tarball of $app has no $app/appinfo/info.xml" >&2
        exit 1
    fi
    found="$(sed -n 's:.*<version>\([^<]*\)</version>.*:\1:p' "$work/$app/$app/appinfo/info.xml" | head -n 1)"
    if [ "$found" != "$version" ]; then
        echo "The tarball of $app is version $found, app-versions.yaml pins $version" >&2
        exit 1
    fi
    rm -rf "${target:?}/$app"
    mv "$work/$app/$app" "$target/$app"
done < "$list"
rm -rf "$work"
