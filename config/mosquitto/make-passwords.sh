#!/bin/sh
# Build mosquitto's password file from "username:password" lines (one per terminal, plus
# "central"), hashing them with mosquitto_passwd. A terminal's username is its terminal id.
#
#   config/mosquitto/make-passwords.sh CREDENTIALS_FILE OUTPUT_PASSWORD_FILE
#
# The credentials file holds clear-text passwords: keep it off the broker host.
set -eu
src=${1:?usage: make-passwords.sh CREDENTIALS_FILE OUTPUT_PASSWORD_FILE}
dst=${2:?usage: make-passwords.sh CREDENTIALS_FILE OUTPUT_PASSWORD_FILE}
umask 077
grep -v '^[[:space:]]*\(#\|$\)' "$src" >"$dst"
mosquitto_passwd -U "$dst"
echo "wrote $(wc -l <"$dst") hashed entries to $dst"
