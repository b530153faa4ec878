// OpenGL 3 entry points, declared by the system headers and resolved by libGL at link time
// (Mesa and the vendor drivers export them through GLVND), so no loader library is needed.
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
