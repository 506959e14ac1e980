# tocsin_web_assets(TARGET t): builds the dashboard (web/) with npm and esbuild
# and embeds index.html, app.js, app.css and the world map into target `t` as the
# table `tocsin::server::kWebAssets`. npm installs the exact versions of
# web/package-lock.json into the build tree; the page needs no network at run time.
function(tocsin_web_assets)
  cmake_parse_arguments(WEB "" "TARGET" "" ${ARGN})
  find_program(NPM npm REQUIRED)
  find_program(NODE node REQUIRED)
  set(web "${PROJECT_SOURCE_DIR}/web")
  set(work "${CMAKE_CURRENT_BINARY_DIR}/web")
  set(modules_stamp "${work}/node_modules/.package-lock.json")
  add_custom_command(
    OUTPUT "${modules_stamp}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${work}"
    COMMAND ${CMAKE_COMMAND} -E copy "${web}/package.json" "${web}/package-lock.json" "${work}/"
    COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error --prefix "${work}"
    DEPENDS "${web}/package.json" "${web}/package-lock.json"
    COMMENT "Installing the dashboard's npm packages"
    VERBATIM)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${web}/src/*")
  set(dist "${work}/dist")
  set(outputs "${dist}/index.html" "${dist}/app.js" "${dist}/app.css" "${dist}/countries-110m.json")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${NODE} "${web}/build.mjs" --modules "${work}/node_modules" --out "${dist}"
    DEPENDS "${modules_stamp}" "${web}/build.mjs" "${web}/index.html" ${sources}
    COMMENT "Bundling the dashboard with esbuild"
    VERBATIM)
  tocsin_embed(TARGET ${WEB_TARGET} OUTPUT web_assets_data.cc NAMESPACE tocsin::server TABLE kWebAssets FILES ${outputs})
endfunction()
