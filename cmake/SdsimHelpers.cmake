# Helpers shared by every folder: proto libraries, design registration, tests.

# sdsim_proto_library(NAME PROTOS a.proto ... [DEPS target ...])
# Compiles .proto files with paths relative to the repository root, so that imports read
# `import "actors/core/model.proto";` and generated headers `#include "actors/core/model.pb.h"`.
function(sdsim_proto_library name)
  cmake_parse_arguments(P "" "" "PROTOS;DEPS" ${ARGN})
  set(out_root ${CMAKE_BINARY_DIR}/proto)
  set(srcs)
  foreach(proto ${P_PROTOS})
    get_filename_component(abs ${proto} ABSOLUTE)
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${abs})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(cc ${out_root}/${stem}.pb.cc)
    set(h ${out_root}/${stem}.pb.h)
    add_custom_command(
      OUTPUT ${cc} ${h}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_root}
      COMMAND protobuf::protoc -I ${CMAKE_SOURCE_DIR} --cpp_out=${out_root} ${rel}
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
      DEPENDS ${abs} protobuf::protoc
      COMMENT "protoc ${rel}")
    list(APPEND srcs ${cc})
  endforeach()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${out_root})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf ${P_DEPS})
endfunction()

# sdsim_add_design(NAME SOURCES ... [PROTOS ...] [DEPS ...])
# One call per design folder: builds sdsim_<name> (and its protos) and records the design so
# the engine registers it. The design's registration function is `register_<name>_design`.
function(sdsim_add_design name)
  cmake_parse_arguments(D "" "" "SOURCES;PROTOS;DEPS" ${ARGN})
  if(D_PROTOS)
    sdsim_proto_library(sdsim_${name}_proto PROTOS ${D_PROTOS} DEPS sdsim_core_proto)
  endif()
  add_library(sdsim_${name} STATIC ${D_SOURCES})
  target_include_directories(sdsim_${name} PUBLIC ${CMAKE_SOURCE_DIR})
  target_link_libraries(sdsim_${name} PUBLIC sdsim_core ${D_DEPS} PRIVATE sdsim_warnings)
  if(D_PROTOS)
    target_link_libraries(sdsim_${name} PUBLIC sdsim_${name}_proto)
  endif()
  set_property(GLOBAL APPEND PROPERTY SDSIM_DESIGNS ${name})
endfunction()

# sdsim_add_test(NAME SOURCES ... LABEL l [DEPS ...] [TIMEOUT s])
function(sdsim_add_test name)
  cmake_parse_arguments(T "" "LABEL;TIMEOUT" "SOURCES;DEPS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gmock GTest::gtest_main
                        sdsim_warnings)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "UBSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/ubsan.supp:print_stacktrace=1")
endfunction()
