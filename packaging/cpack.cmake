# The Debian package: what `cpack -G DEB` puts in peilpunt_<version>_<arch>.deb besides the two
# programs (their install() lines sit beside their targets), and the package's control data.
# Build it as tests/packaging/deb-test does, with the prefix the programs look for their assets in:
#   cmake -S . -B build-deb -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DPEILPUNT_TESTS=OFF
#   cmake --build build-deb && (cd build-deb && cpack -G DEB)
# packaging/README.md says what goes where and why.

set(peilpunt_packaging ${PROJECT_SOURCE_DIR}/packaging)

# [SECTION] files. Paths under /etc and /lib are absolute: they are the same whatever the prefix.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/surveys ${PROJECT_SOURCE_DIR}/assets/lang
        DESTINATION share/peilpunt FILES_MATCHING PATTERN "*.json" PATTERN "*.png" PATTERN "*.jpg" PATTERN "*.jpeg")
install(FILES ${peilpunt_packaging}/config/config.json DESTINATION /etc/peilpunt)
install(FILES ${peilpunt_packaging}/config/collector.conf DESTINATION /etc/peilpunt-collector)
install(FILES ${peilpunt_packaging}/pam/peilpunt-kiosk DESTINATION /etc/pam.d)
install(FILES ${peilpunt_packaging}/systemd/peilpunt-kiosk.service ${peilpunt_packaging}/systemd/peilpunt-collector.service
        DESTINATION /lib/systemd/system)
install(PROGRAMS ${peilpunt_packaging}/bin/kiosk-session DESTINATION lib/peilpunt)
install(FILES ${peilpunt_packaging}/deb/lintian-overrides DESTINATION share/lintian/overrides RENAME peilpunt)

# Debian wants man pages and the changelog compressed with `gzip -9n` (no name, no time stamp,
# so the package is reproducible). Tiny files: made in every build, installed only from here.
find_program(PEILPUNT_GZIP gzip REQUIRED)
set(peilpunt_gzipped "")
foreach(page peilpunt.1 peilpunt-collector.1)
  add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/packaging/${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/packaging
    COMMAND ${PEILPUNT_GZIP} -9nc ${peilpunt_packaging}/man/${page} > ${CMAKE_CURRENT_BINARY_DIR}/packaging/${page}.gz
    DEPENDS ${peilpunt_packaging}/man/${page} VERBATIM)
  list(APPEND peilpunt_gzipped ${CMAKE_CURRENT_BINARY_DIR}/packaging/${page}.gz)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/${page}.gz DESTINATION share/man/man1)
endforeach()
# A package whose version has no Debian revision is "native": its changelog is changelog.gz.
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/packaging
  COMMAND ${PEILPUNT_GZIP} -9nc ${peilpunt_packaging}/deb/changelog > ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
  DEPENDS ${peilpunt_packaging}/deb/changelog VERBATIM)
list(APPEND peilpunt_gzipped ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz)
add_custom_target(peilpunt_package_docs ALL DEPENDS ${peilpunt_gzipped})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz ${peilpunt_packaging}/deb/copyright
        DESTINATION share/doc/peilpunt)

# [SECTION] control data.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME peilpunt)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(PEILPUNT_DEB_MAINTAINER "Peilpunt developers <peilpunt@example.org>" CACHE STRING
    "Maintainer field of the Debian package (name <address>)")
set(CPACK_PACKAGE_CONTACT "${PEILPUNT_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline survey kiosk for citizen participation")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"Peilpunt turns a Linux touch tablet into a questionnaire kiosk for events:
residents fill in a SurveyJS questionnaire, every finished answer is on disk
before the thank-you screen, and answers go to a collector server when a
network is there, or to a USB stick at the end of the day.

This package starts the kiosk full screen on tty1 at boot (peilpunt-kiosk
service, under the cage compositor) and also holds the collector server
(peilpunt-collector service, disabled until configured).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # peilpunt_<version>_<arch>.deb
# CPack would label a cross build with the build machine's architecture; the toolchain file
# (packaging/toolchain-aarch64.cmake) names the target's. packaging/build-arm64 uses it.
if(CMAKE_CROSSCOMPILING)
  if(NOT PEILPUNT_DEB_ARCHITECTURE)
    message(FATAL_ERROR "peilpunt: cross-compiling for ${CMAKE_SYSTEM_PROCESSOR}, but the toolchain file "
                        "does not set PEILPUNT_DEB_ARCHITECTURE (the package's Debian architecture, e.g. arm64)")
  endif()
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${PEILPUNT_DEB_ARCHITECTURE})
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps finds the libraries the programs link (GLFW, libcurl, SQLite, libsodium,
# espeak-ng, cpp-httplib, ...); what they only run or open at run time is listed by hand:
#   cage, xwayland         the kiosk session (GLFW talks X11, to cage's Xwayland)
#   libgl1, libgl1-mesa-dri  GLX, which GLFW opens at run time, and the OpenGL drivers (llvmpipe too)
#   fonts-noto-core        the kiosk's fonts (kiosk/ui/window.cpp)
#   libpam-systemd         the unit's PAM session registers with logind, which gives cage the seat
#   adduser                the maintainer scripts create the system users
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "adduser, cage, xwayland, libgl1, libgl1-mesa-dri, fonts-noto-core, libpam-systemd, systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${peilpunt_packaging}/deb/conffiles ${peilpunt_packaging}/deb/postinst
    ${peilpunt_packaging}/deb/prerm ${peilpunt_packaging}/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_STRIP_FILES TRUE)  # the debug info stays in the build folder
set(CPACK_PEILPUNT_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_PEILPUNT_CHANGELOG ${peilpunt_packaging}/deb/changelog)
set(CPACK_PROJECT_CONFIG_FILE ${peilpunt_packaging}/cpack-project.cmake)
include(CPack)
