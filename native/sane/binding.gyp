{
  "targets": [
    {
      "target_name": "sane_addon",
      "sources": ["src/sane_addon.c"],
      "cflags_c": ["-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Wno-unused-parameter", "<!@(pkg-config --cflags sane-backends)"],
      "libraries": ["<!@(pkg-config --libs sane-backends)", "-lpthread", "-lm"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS!='linux'", { "type": "none", "sources": [] }]
      ]
    }
  ]
}
