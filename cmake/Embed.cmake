# tocsin_embed(TARGET t OUTPUT name NAMESPACE ns [TABLE table] FILES f1 f2 ...):
# compiles the text of each file into target `t` (see embed_text.cmake). Each file
# becomes `k<Stem>` with non-alphanumerics removed; TABLE lists them in order.
function(tocsin_embed)
  cmake_parse_arguments(EMBED "" "TARGET;OUTPUT;NAMESPACE;TABLE" "FILES" ${ARGN})
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${EMBED_OUTPUT}")
  set(entries "")
  set(index 0)
  foreach(file IN LISTS EMBED_FILES)
    get_filename_component(absolute "${file}" ABSOLUTE)
    list(APPEND entries "kEmbedded${index}=${absolute}")
    math(EXPR index "${index} + 1")
  endforeach()
  list(JOIN entries "," entries_text)
  set(table_argument "")
  if(EMBED_TABLE)
    set(table_argument "-DTABLE=${EMBED_TABLE}")
  endif()
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${output}" "-DNAMESPACE=${EMBED_NAMESPACE}" "-DENTRIES=${entries_text}"
            ${table_argument} -P "${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake"
    DEPENDS ${EMBED_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake"
    VERBATIM)
  target_sources(${EMBED_TARGET} PRIVATE "${output}")
endfunction()
