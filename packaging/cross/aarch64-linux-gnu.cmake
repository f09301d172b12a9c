# Cross build for the Pi (arm64) with Debian's cross toolchain and arm64 libraries installed
# through multiarch (packaging/cross/arm64-setup.sh); tests run under qemu-user.
#   cmake -B build-arm64 -G Ninja --toolchain packaging/cross/aarch64-linux-gnu.cmake \
#         -DOSSYNAPSE_BUILD_STUDIO=OFF -DOSSYNAPSE_HOST_CLI=$PWD/build/app/ossynapse
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# Multiarch: the arm64 libraries sit beside the host's under /usr; only their folders are searched.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
# Qt's code generators (moc) are the host's (qt6-base-dev-tools is Multi-Arch: foreign).
set(QT_HOST_PATH /usr)
set(QT_HOST_PATH_CMAKE_DIR /usr/lib/x86_64-linux-gnu/cmake)
# Tests run as arm64 binaries under qemu-user.
find_program(OSSYNAPSE_QEMU_AARCH64 qemu-aarch64)
if(OSSYNAPSE_QEMU_AARCH64)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${OSSYNAPSE_QEMU_AARCH64})
endif()
