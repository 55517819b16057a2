#!/bin/sh
# Make a development CA, a broker certificate and client certificates for the TLS listener.
#
#   config/mosquitto/make-dev-ca.sh OUTDIR [CLIENT_ID ...]
#
# Writes OUTDIR/ca.crt (give it to every client), OUTDIR/server.{crt,key} (the broker, valid
# for localhost and 127.0.0.1 plus $BROKER_HOSTNAME if set) and OUTDIR/<client>.{crt,key}
# with CN=<client>: with use_identity_as_username the CN becomes the MQTT username, so a
# terminal's certificate names its terminal id. For development and tests only: a real
# deployment's CA key lives offline, not next to the broker.
set -eu

out=${1:?usage: make-dev-ca.sh OUTDIR [CLIENT_ID ...]}
shift
mkdir -p "$out"
umask 077
days=825

if [ ! -f "$out/ca.key" ]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$out/ca.key"
    openssl req -x509 -new -key "$out/ca.key" -sha256 -days 3650 \
        -subj "/O=Library kiosk development/CN=kiosk dev CA" -out "$out/ca.crt"
fi

sign() { # name subject extfile
    openssl ecparam -name prime256v1 -genkey -noout -out "$out/$1.key"
    openssl req -new -key "$out/$1.key" -subj "$2" -out "$out/$1.csr"
    openssl x509 -req -in "$out/$1.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
        -CAcreateserial -days "$days" -sha256 -extfile "$3" -out "$out/$1.crt" 2>/dev/null
    rm -f "$out/$1.csr"
}

ext="$out/.ext"
san="DNS:localhost,IP:127.0.0.1"
if [ -n "${BROKER_HOSTNAME:-}" ]; then san="$san,DNS:$BROKER_HOSTNAME"; fi
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" >"$ext"
sign server "/O=Library kiosk development/CN=localhost" "$ext"

printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >"$ext"
for client in "$@"; do
    sign "$client" "/O=Library kiosk development/CN=$client" "$ext"
done
rm -f "$ext"
chmod 644 "$out/ca.crt" "$out"/*.crt
echo "certificates in $out: ca.crt server.crt $*"
