#!/bin/sh
# Build mosquitto's password file from "username:password" lines (one per terminal, plus
# "central"), hashing them with mosquitto_passwd. A terminal's username is its terminal id.
#
#   config/mosquitto/make-passwords.sh CREDENTIALS_FILE OUTPUT_PASSWORD_FILE
#
# The credentials file holds clear-text passwords: keep it off the broker host. A password
# from credentials.example (or any "change-me..." one) is refused: those are public.
set -eu
src=${1:?usage: make-passwords.sh CREDENTIALS_FILE OUTPUT_PASSWORD_FILE}
dst=${2:?usage: make-passwords.sh CREDENTIALS_FILE OUTPUT_PASSWORD_FILE}
example="$(dirname "$0")/credentials.example"
umask 077
entries=$(grep -v '^[[:space:]]*\(#\|$\)' "$src" || true)
examples=$(grep -v '^[[:space:]]*\(#\|$\)' "$example" | cut -d: -f2-)
echo "$entries" | while IFS=: read -r user password; do
    [ -n "$user" ] || continue
    if [ -z "$password" ] || case "$password" in change-me*) true ;; *) false ;; esac ||
        printf '%s\n' "$examples" | grep -qxF -- "$password"; then
        echo "make-passwords.sh: refused: $user has an example or empty password; set a real one in $src" >&2
        exit 2
    fi
done
printf '%s\n' "$entries" >"$dst"
mosquitto_passwd -U "$dst"
echo "wrote $(wc -l <"$dst") hashed entries to $dst"
