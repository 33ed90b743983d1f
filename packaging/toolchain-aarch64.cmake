# Cross-compiles Peilpunt for 64-bit ARM tablets (Debian arch arm64) on an amd64 Debian 12 whose
# arm64 libraries are installed side by side under multiarch (/usr/lib/aarch64-linux-gnu).
# packaging/build-arm64 makes such a root and uses this file; packaging/README.md, "arm64".
#
# **Example** (inside that root):
#   cmake -S /src/peilpunt -B /build -G Ninja --toolchain /src/peilpunt/packaging/toolchain-aarch64.cmake \
#     -DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX=/usr -DPEILPUNT_TESTS=OFF
#   cmake --build /build && (cd /build && DEB_HOST_ARCH=arm64 cpack -G DEB)

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
# Debian's cross compilers (crossbuild-essential-arm64) already search the multiarch folders
# /usr/include/aarch64-linux-gnu and /usr/lib/aarch64-linux-gnu, so no sysroot is needed.
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# find_library, find_path and find_package then look in the aarch64 folders first; a library of
# the build machine found by mistake would fail at link time ("file in wrong format"), not later.
# pkg-config has no such fallback: it must see the arm64 .pc files only, or the build would get
# the amd64 -L and -D flags.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# packaging/cpack.cmake labels the package with this instead of the build machine's
# `dpkg --print-architecture`.
set(PEILPUNT_DEB_ARCHITECTURE arm64)
