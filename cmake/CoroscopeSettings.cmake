# One INTERFACE target carries every compile setting; all project targets link it.
add_library(coroscope_settings INTERFACE)
target_compile_features(coroscope_settings INTERFACE cxx_std_20)
target_compile_options(coroscope_settings INTERFACE -Wall -Wextra -fcoroutines)
target_compile_definitions(coroscope_settings INTERFACE
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_USE_QSTRINGBUILDER
  QT_NO_KEYWORDS
  COROSCOPE_VERSION="${PROJECT_VERSION}")
target_include_directories(coroscope_settings INTERFACE ${PROJECT_SOURCE_DIR}/src)
if(COROSCOPE_SANITIZE)
  target_compile_options(coroscope_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(coroscope_settings INTERFACE -fsanitize=address,undefined)
endif()

# coroscope_add_library(name SOURCES... LINKS...)
function(coroscope_add_library name)
  cmake_parse_arguments(arg "" "" "SOURCES;LINKS" ${ARGN})
  add_library(${name} STATIC ${arg_SOURCES})
  target_link_libraries(${name} PUBLIC coroscope_settings ${arg_LINKS})
endfunction()
