{
  "targets": [
    {
      # The TWAIN client runs as a helper process (see src/twain_helper.c): built for the driver's
      # bitness on Windows (node-gyp --arch=ia32 for 32-bit drivers), and on Linux for the tests.
      "target_name": "twain-helper",
      "type": "executable",
      "sources": ["src/twain_helper.c"],
      "conditions": [
        ["OS=='win'", { "libraries": ["user32.lib"] }],
        ["OS!='win'", {
          "cflags_c": ["-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Wno-unused-parameter"],
          "libraries": ["-ldl", "-lpthread"]
        }]
      ]
    },
    {
      # A fake Data Source Manager with one scripted virtual scanner, for the tests on Linux.
      "target_name": "fake_twain_dsm",
      "type": "shared_library",
      "sources": ["fake-dsm/fake_dsm.c"],
      "conditions": [
        ["OS=='win'", { "type": "none", "sources": [] }],
        ["OS!='win'", {
          "cflags_c": ["-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fvisibility=hidden"],
          "libraries": ["-lpthread"]
        }]
      ]
    }
  ]
}
