#!/usr/bin/env bash
# Builds ringlb's base image with no registry: a jlink runtime of this machine's own JDK plus the
# shared libraries it loads, imported into Docker as a one-layer image (`docker import`). The
# ringlb and ringlb-replica images are built FROM it, so nothing is ever pulled.
#
# Usage: scripts/docker-base-image.sh [IMAGE]   (default ringlb-base:17)
# Env:   JAVA_HOME  the JDK to take the runtime from (default: the one `javac` belongs to)
#        FORCE=1    rebuild even when the image already matches this JDK and this script
#
# Without the JDK's jmods (Debian: openjdk-17-jmods) jlink cannot run; the JDK's whole runtime
# (bin, lib, conf) is copied instead, which is larger but works the same.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
image="${1:-ringlb-base:17}"
# What ringlb loads (jdeps on ringlb.jar, less the modules only optional code paths use), and
# jdk.crypto.ec: TLS to etcd (cluster mode) needs elliptic-curve key exchange.
modules="java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.unsupported"

command -v docker >/dev/null || { echo "docker-base-image: the docker CLI is needed (apt-get install docker.io)" >&2; exit 1; }
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}"
[[ -x "$java_home/bin/java" ]] || { echo "docker-base-image: no JDK at $java_home; set JAVA_HOME" >&2; exit 1; }

# The image is rebuilt only when the JDK, the module list or this script change.
jdk_version="$("$java_home/bin/java" -version 2>&1)"
jdk_version="${jdk_version%%$'\n'*}"
key="$( { echo "$jdk_version"; echo "$modules"; cat "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-16)"
if [[ "${FORCE:-0}" != 1 ]] && [[ "$(docker image inspect -f '{{ index .Config.Labels "io.ringlb.base.key" }}' "$image" 2>/dev/null)" == "$key" ]]; then
  echo "docker-base-image: $image is up to date ($key)"
  exit 0
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
if [[ -d "$java_home/jmods" ]]; then
  echo "docker-base-image: jlink runtime from $java_home ($modules)"
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
      --compress=2 --output "$root/opt/java"
  # The class-data-sharing archive cuts each replica JVM's start; only the compressed-oops one
  # is used with heaps under 32 GB.
  rm -f "$root/opt/java/lib/server/classes_nocoops.jsa"
else
  echo "docker-base-image: $java_home has no jmods; copying its whole runtime instead of jlink"
  mkdir -p "$root/opt/java"
  for d in bin lib conf release; do
    [[ -e "$java_home/$d" ]] && cp -rL "$java_home/$d" "$root/opt/java/"
  done
  rm -f "$root/opt/java/lib/src.zip"
fi

# Every shared library the runtime's executables and libraries link against, at the same path
# (libjvm.so is the runtime's own: the launcher loads it before the other JDK libraries), plus
# the rest of the C library, which native code unpacked at run time links against (Netty's epoll
# transport wants libdl and librt), and libgcc_s, which glibc loads when a thread unwinds.
linked="$(find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} \; 2>/dev/null | sort -u)"
if missing="$(grep 'not found' <<<"$linked" | grep -v 'libjvm\.so')"; then
  echo "docker-base-image: the JDK's libraries need libraries this machine lacks:" >&2
  echo "$missing" >&2
  exit 1
fi
libs="$(grep -oE '(=> )?/[^ ]+ \(0x' <<<"$linked" | sed -E 's/^=> //; s/ \(0x$//' | sort -u)"
libc_dir="$(dirname "$(grep -m1 '/libc\.so\.6$' <<<"$libs")")"
extra=""
for soname in libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libresolv.so.2 libutil.so.1 libgcc_s.so.1; do
  [[ -e "$libc_dir/$soname" ]] && extra+=" $libc_dir/$soname"
done
mkdir -p "$root/etc" "$root/tmp" "$root/root"
for lib in $libs $extra; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
  dirname "$lib" >> "$root/etc/ld.so.conf"
done

# The loader's cache, and the few files a process expects.
printf '/opt/java/lib\n/opt/java/lib/server\n' >> "$root/etc/ld.so.conf"
sort -u -o "$root/etc/ld.so.conf" "$root/etc/ld.so.conf"
ldconfig -r "$root"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

tar --numeric-owner --owner=0 --group=0 -C "$root" -c . | docker import \
    --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change "LABEL io.ringlb.base.key=$key" \
    --change "LABEL org.opencontainers.image.description=\"ringlb base: ${jdk_version//\"/}\"" \
    - "$image" >/dev/null
runs="$(docker run --rm --network none "$image" java -version 2>&1)"
echo "docker-base-image: $image runs: ${runs%%$'\n'*}"
docker image inspect -f "docker-base-image: $image is {{.Size}} bytes" "$image"
