#include "viz/point_layer.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "viz/gl.hpp"

namespace sdsim::viz {
namespace {

// Positions are degrees from the map's origin; the affine map takes them to window pixels and
// the screen size to clip space (y down, as ImGui has it).
const char* vertex_src = R"(#version 130
in vec2 a_pos;
in float a_kind;
uniform vec4 u_affine;
uniform vec2 u_screen;
uniform vec4 u_colors[4];
uniform float u_size;
out vec4 v_color;
void main() {
  vec2 px = vec2(u_affine.x * a_pos.x + u_affine.y, u_affine.z * a_pos.y + u_affine.w);
  gl_Position = vec4(2.0 * px.x / u_screen.x - 1.0, 1.0 - 2.0 * px.y / u_screen.y, 0.0, 1.0);
  gl_PointSize = u_size + (a_kind >= 2.0 ? 1.0 : 0.0);  // busy drivers a little larger
  v_color = u_colors[int(clamp(a_kind, 0.0, 3.0))];
}
)";

const char* fragment_src = R"(#version 130
in vec4 v_color;
out vec4 o_color;
void main() { o_color = v_color; }
)";

unsigned compile(GLenum kind, const char* src) {
  const GLuint s = glCreateShader(kind);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024] = {};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "sdsim viz: point shader: %s\n", log);
    glDeleteShader(s);
    return 0;
  }
  return s;
}

}  // namespace

point_layer::~point_layer() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (program_) glDeleteProgram(program_);
}

bool point_layer::ensure_program() {
  if (program_ || failed_) return program_ != 0;
  const unsigned vs = compile(GL_VERTEX_SHADER, vertex_src);
  const unsigned fs = compile(GL_FRAGMENT_SHADER, fragment_src);
  if (!vs || !fs) {
    failed_ = true;
    return false;
  }
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glBindAttribLocation(program_, 0, "a_pos");
  glBindAttribLocation(program_, 1, "a_kind");
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    std::fprintf(stderr, "sdsim viz: the point shader does not link\n");
    glDeleteProgram(program_);
    program_ = 0;
    failed_ = true;
    return false;
  }
  u_affine_ = glGetUniformLocation(program_, "u_affine");
  u_screen_ = glGetUniformLocation(program_, "u_screen");
  u_colors_ = glGetUniformLocation(program_, "u_colors");
  u_size_ = glGetUniformLocation(program_, "u_size");
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 3 * sizeof(float),
                        reinterpret_cast<void*>(2 * sizeof(float)));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return true;
}

void point_layer::upload(const std::shared_ptr<const core::map_points>& points,
                         const map_view& view, uint8_t min_kind, uint8_t max_kind) {
  if (!points || points == uploaded_ || !ensure_program()) return;
  uploaded_ = points;
  const auto lat0 = static_cast<float>(view.origin_lat()), lon0 = static_cast<float>(view.origin_lon());
  std::vector<float> data;
  data.reserve(3 * points->lat.size());
  for (std::size_t i = 0; i < points->lat.size(); ++i) {
    if (points->kind[i] < min_kind || points->kind[i] > max_kind) continue;
    data.push_back(points->lon[i] - lon0);
    data.push_back(points->lat[i] - lat0);
    data.push_back(static_cast<float>(points->kind[i]));
  }
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(float)), data.data(),
               GL_STREAM_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  count_ = data.size() / 3;
}

void point_layer::draw(ImDrawList* list, const map_view& view, const std::vector<uint32_t>& colors,
                       float size_px) {
  if (count_ == 0 || !ensure_program()) return;
  view.affine(&affine_[0], &affine_[1], &affine_[2], &affine_[3]);
  for (std::size_t k = 0; k < 4; ++k) {
    const uint32_t c = k < colors.size() ? colors[k] : 0xffffffffu;
    for (int ch = 0; ch < 4; ++ch) colors_[4 * k + ch] = static_cast<float>((c >> (8 * ch)) & 0xff) / 255.0f;
  }
  size_px_ = size_px;
  const pixel_rect r = view.rect();
  list->PushClipRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, true);
  list->AddCallback(&point_layer::on_draw, this);
  list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  list->PopClipRect();
}

void point_layer::on_draw(const ImDrawList*, const ImDrawCmd* cmd) {
  auto* self = static_cast<point_layer*>(cmd->UserCallbackData);
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  // ImGui's backend has set the scissor to this command's clip rectangle already.
  glUseProgram(self->program_);
  glUniform4fv(self->u_affine_, 1, self->affine_);
  glUniform2f(self->u_screen_, size.x, size.y);
  glUniform4fv(self->u_colors_, 4, self->colors_);
  glUniform1f(self->u_size_, self->size_px_ * std::max(1.0f, scale.x));
  glEnable(GL_PROGRAM_POINT_SIZE);
  glBindVertexArray(self->vao_);
  glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(self->count_));
  glBindVertexArray(0);
  glDisable(GL_PROGRAM_POINT_SIZE);
}

}  // namespace sdsim::viz
