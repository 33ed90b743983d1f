# Run by cpack before it makes a package (CPACK_PROJECT_CONFIG_FILE, set in packaging/cpack.cmake):
# refuses a package that would not work or whose changelog names another version.
#
# The programs look for their questionnaires and texts under the prefix they were compiled for
# (PEILPUNT_INSTALLED_ASSETS): a build for /usr/local would package fine and then, installed in
# /usr, find no questionnaire. Refuse that here instead.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_PEILPUNT_INSTALL_PREFIX STREQUAL "/usr")
  message(FATAL_ERROR "peilpunt: this build was configured with CMAKE_INSTALL_PREFIX="
                      "${CPACK_PEILPUNT_INSTALL_PREFIX}, but the package installs in /usr; configure it with "
                      "-DCMAKE_INSTALL_PREFIX=/usr (tests/packaging/deb-test does)")
endif()

# The changelog's newest entry must name the version the package gets, or lintian and apt disagree.
file(STRINGS "${CPACK_PEILPUNT_CHANGELOG}" peilpunt_changelog_head LIMIT_COUNT 1)
if(NOT peilpunt_changelog_head MATCHES "^peilpunt \\(${CPACK_PACKAGE_VERSION}\\) ")
  message(FATAL_ERROR "packaging/deb/changelog: the first entry must be for version ${CPACK_PACKAGE_VERSION} "
                      "(the project() version), found: ${peilpunt_changelog_head}")
endif()
