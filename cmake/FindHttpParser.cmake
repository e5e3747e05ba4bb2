# Finds the C http_parser library (nodejs/http-parser; Debian: libhttp-parser-dev) and defines the
# imported target HttpParser::HttpParser.
find_path(HttpParser_INCLUDE_DIR http_parser.h)
find_library(HttpParser_LIBRARY NAMES http_parser)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(HttpParser
  REQUIRED_VARS HttpParser_LIBRARY HttpParser_INCLUDE_DIR
  REASON_FAILURE_MESSAGE "the HTTP parser of the built-in HTTP target. On Debian or Ubuntu install the package libhttp-parser-dev (scripts/bootstrap does), or give -DHttpParser_INCLUDE_DIR=... -DHttpParser_LIBRARY=...")
if(HttpParser_FOUND AND NOT TARGET HttpParser::HttpParser)
  add_library(HttpParser::HttpParser UNKNOWN IMPORTED)
  set_target_properties(HttpParser::HttpParser PROPERTIES
    IMPORTED_LOCATION "${HttpParser_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${HttpParser_INCLUDE_DIR}")
endif()
mark_as_advanced(HttpParser_INCLUDE_DIR HttpParser_LIBRARY)
