/*
 * twain-helper: the workstation's TWAIN 2.x client, as a small process of its own.
 *
 * Why a process: a 64-bit application cannot load a 32-bit TWAIN driver, and many wide-format scanners
 * ship only 32-bit drivers, so the client must be able to run as a 32-bit process anyway; one helper,
 * built for the driver's bitness, serves both cases. The TWAIN state machine runs on the helper's main
 * thread, which owns the Data Source Manager and (on Windows) pumps its window messages; a second thread
 * reads "cancel" from stdin. Nothing here ever runs on the application's JavaScript thread.
 *
 *   twain-helper --dsm <path> list
 *   twain-helper --dsm <path> caps --source <name>
 *   twain-helper --dsm <path> scan --source <name> --pixel rgb|gray|bw --res <dpi>
 *                [--width-in <in>] [--height-in <in>] [--feeder] [--duplex] [--max-pages <n>]
 *
 * Output (stdout): one JSON object per line; a "strip" line is followed by exactly `bytes` raw bytes of
 * rows. Events: source, caps, page (width, height or -1, pixelType, bitsPerPixel, bytesPerRow, xres),
 * strip, page-end (rows), error (condition, detail), done. The pipe's back-pressure bounds memory: the
 * helper holds one strip at a time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "twain_types.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#include <dlfcn.h>
#include <pthread.h>
#include <time.h>
#endif

static DSMENTRYPROC dsm;
static TW_IDENTITY app, ds;
static int state = 1; /* our view of the TWAIN state */
static int dsm2 = 0;
static TW_ENTRYPOINT entry;
static volatile int cancel_requested = 0;
static TW_MEMREF parent = NULL;

#ifdef _WIN32
static HWND window;
static volatile LONG ready_flag = 0, close_flag = 0;
#else
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready_flag = 0, close_flag = 0;
#endif

/* ---- output ------------------------------------------------------------------------------------ */

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void emit_error(const char *condition, const char *detail) {
  printf("{\"event\":\"error\",\"condition\":");
  json_string(condition);
  printf(",\"detail\":");
  json_string(detail);
  printf("}\n");
  fflush(stdout);
}

/* ---- the manager ------------------------------------------------------------------------------- */

static TW_UINT16 call(TW_IDENTITY *dest, TW_UINT32 dg, TW_UINT16 dat, TW_UINT16 msg, TW_MEMREF data) {
  return dsm(&app, dest, dg, dat, msg, data);
}

static TW_UINT16 condition_code(TW_IDENTITY *dest) {
  TW_STATUS status = {0, 0};
  call(dest, DG_CONTROL, DAT_STATUS, MSG_GET, &status);
  return status.ConditionCode;
}

/* A TWAIN condition as the workstation's scanner condition (main/capture/scanner-errors.ts). */
static const char *condition_name(TW_UINT16 cc) {
  switch (cc) {
    case TWCC_PAPERJAM: case TWCC_PAPERDOUBLEFEED: return "jammed";
    case TWCC_NOMEDIA: return "feeder-empty";
    case TWCC_INTERLOCK: return "cover-open";
    case TWCC_CHECKDEVICEONLINE: return "disconnected";
    case TWCC_MAXCONNECTIONS: case TWCC_DENIED: return "busy";
    case TWCC_BADVALUE: case TWCC_CAPUNSUPPORTED: case TWCC_BADCAP: return "unsupported";
    case TWCC_NODS: return "unavailable";
    default: return "device-error";
  }
}

static void fail_with(TW_IDENTITY *dest, const char *what) {
  TW_UINT16 cc = condition_code(dest);
  char detail[160];
  snprintf(detail, sizeof detail, "%s (TWAIN condition %u)", what, cc);
  emit_error(condition_name(cc), detail);
}

static TW_HANDLE mem_alloc(TW_UINT32 size) { return dsm2 && entry.DSM_MemAllocate ? entry.DSM_MemAllocate(size) : calloc(1, size); }
static void mem_free(TW_HANDLE h) {
  if (!h) return;
  if (dsm2 && entry.DSM_MemFree) entry.DSM_MemFree(h);
  else free(h);
}
static TW_MEMREF mem_lock(TW_HANDLE h) { return dsm2 && entry.DSM_MemLock ? entry.DSM_MemLock(h) : h; }
static void mem_unlock(TW_HANDLE h) {
  if (dsm2 && entry.DSM_MemUnlock) entry.DSM_MemUnlock(h);
}

/* The source tells us, from a thread of its own (or through the message pump on Windows), that paper is ready. */
static TW_UINT16 TW_CALLINGSTYLE on_source_event(pTW_IDENTITY origin, pTW_IDENTITY dest, TW_UINT32 dg, TW_UINT16 dat, TW_UINT16 msg, TW_MEMREF data) {
  (void)origin; (void)dest; (void)dg; (void)dat; (void)data;
#ifdef _WIN32
  if (msg == MSG_XFERREADY) InterlockedExchange(&ready_flag, 1);
  if (msg == MSG_CLOSEDSREQ || msg == MSG_CLOSEDSOK) InterlockedExchange(&close_flag, 1);
  PostMessage(window, WM_NULL, 0, 0);
#else
  pthread_mutex_lock(&lock);
  if (msg == MSG_XFERREADY) ready_flag = 1;
  if (msg == MSG_CLOSEDSREQ || msg == MSG_CLOSEDSOK) close_flag = 1;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
#endif
  return TWRC_SUCCESS;
}

/* Waits until the source says a transfer is ready (1), asks to be closed or the clerk cancels (0). */
static int wait_ready(void) {
#ifdef _WIN32
  MSG m;
  while (!ready_flag && !close_flag && !cancel_requested) {
    if (GetMessage(&m, NULL, 0, 0) <= 0) return 0;
    TW_EVENT ev = {&m, 0};
    /* Pre-2.x sources deliver their messages through the application's pump. */
    if (call(&ds, DG_CONTROL, DAT_EVENT, MSG_PROCESSEVENT, &ev) == TWRC_DSEVENT) {
      if (ev.TWMessage == MSG_XFERREADY) ready_flag = 1;
      if (ev.TWMessage == MSG_CLOSEDSREQ || ev.TWMessage == MSG_CLOSEDSOK) close_flag = 1;
    } else {
      TranslateMessage(&m);
      DispatchMessage(&m);
    }
  }
  return ready_flag && !cancel_requested;
#else
  pthread_mutex_lock(&lock);
  while (!ready_flag && !close_flag && !cancel_requested) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&changed, &lock, &until);
  }
  int ready = ready_flag && !cancel_requested;
  pthread_mutex_unlock(&lock);
  return ready;
#endif
}

#ifdef _WIN32
static DWORD WINAPI read_commands(LPVOID arg) {
#else
static void *read_commands(void *arg) {
#endif
  (void)arg;
  char line[64];
  while (fgets(line, sizeof line, stdin)) {
    if (strncmp(line, "cancel", 6) == 0) cancel_requested = 1;
  }
  /* The application went away: stop too. */
  cancel_requested = 1;
#ifdef _WIN32
  PostMessage(window, WM_NULL, 0, 0);
  return 0;
#else
  pthread_mutex_lock(&lock);
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
  return NULL;
#endif
}

static int load_manager(const char *path) {
#ifdef _WIN32
  HMODULE lib = LoadLibraryA(path);
  if (!lib) return 0;
  /* Through a data pointer: GetProcAddress returns a generic function pointer. */
  *(FARPROC *)&dsm = GetProcAddress(lib, "DSM_Entry");
  window = CreateWindowA("STATIC", "tram-so-hoa-twain", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
  parent = &window;
#else
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) return 0;
  *(void **)&dsm = dlsym(lib, "DSM_Entry");
#endif
  if (!dsm) return 0;
  state = 2;
  return 1;
}

static int open_manager(void) {
  memset(&app, 0, sizeof app);
  app.Version.MajorNum = 1;
  app.Version.Language = 0;
  app.ProtocolMajor = 2;
  app.ProtocolMinor = 4;
  app.SupportedGroups = DG_CONTROL | DG_IMAGE | DF_APP2;
  snprintf(app.Manufacturer, sizeof app.Manufacturer, "Tram so hoa");
  snprintf(app.ProductFamily, sizeof app.ProductFamily, "Tram so hoa");
  snprintf(app.ProductName, sizeof app.ProductName, "Tram so hoa");
  if (call(NULL, DG_CONTROL, DAT_PARENT, MSG_OPENDSM, parent) != TWRC_SUCCESS) return 0;
  state = 3;
  /* A 2.x manager owns the memory of containers: use its functions for them. */
  if (app.SupportedGroups & DF_DSM2) {
    entry.Size = sizeof entry;
    dsm2 = call(NULL, DG_CONTROL, DAT_ENTRYPOINT, MSG_GET, &entry) == TWRC_SUCCESS;
  }
  return 1;
}

/* Back down from any state to 2, in the order TWAIN requires. */
static void unwind(void) {
  if (state >= 6) {
    /* State 7: end this transfer first; it tells how many remain. Then discard those (state 6 → 5). */
    TW_PENDINGXFERS pending = {1, 0};
    if (state == 7) call(&ds, DG_CONTROL, DAT_PENDINGXFERS, MSG_ENDXFER, &pending);
    if (pending.Count > 0) call(&ds, DG_CONTROL, DAT_PENDINGXFERS, MSG_RESET, &pending);
    state = 5;
  }
  if (state == 5) {
    TW_USERINTERFACE ui = {0, 0, parent};
    call(&ds, DG_CONTROL, DAT_USERINTERFACE, MSG_DISABLEDS, &ui);
    state = 4;
  }
  if (state == 4) {
    call(NULL, DG_CONTROL, DAT_IDENTITY, MSG_CLOSEDS, &ds);
    state = 3;
  }
  if (state == 3) {
    call(NULL, DG_CONTROL, DAT_PARENT, MSG_CLOSEDSM, parent);
    state = 2;
  }
}

static int open_source(const char *name) {
  memset(&ds, 0, sizeof ds);
  snprintf(ds.ProductName, sizeof ds.ProductName, "%s", name ? name : "");
  if (call(NULL, DG_CONTROL, DAT_IDENTITY, MSG_OPENDS, &ds) != TWRC_SUCCESS) {
    fail_with(NULL, "cannot open the source");
    return 0;
  }
  state = 4;
  if ((app.SupportedGroups & DF_DSM2) && (ds.SupportedGroups & DF_DS2)) {
    TW_CALLBACK cb = {(TW_MEMREF)on_source_event, 0, 0};
    call(&ds, DG_CONTROL, DAT_CALLBACK, MSG_REGISTER_CALLBACK, &cb);
  }
  return 1;
}

/* ---- capabilities ------------------------------------------------------------------------------ */

static int supports(TW_UINT16 id) {
  TW_CAPABILITY cap = {id, TWON_ONEVALUE, NULL};
  if (call(&ds, DG_CONTROL, DAT_CAPABILITY, MSG_QUERYSUPPORT, &cap) != TWRC_SUCCESS) return 0;
  TW_ONEVALUE *v = mem_lock(cap.hContainer);
  int ok = v && (v->Item & TWQC_SET);
  mem_unlock(cap.hContainer);
  mem_free(cap.hContainer);
  return ok;
}

static int set_one(TW_UINT16 id, TW_UINT16 type, TW_UINT32 item) {
  TW_CAPABILITY cap = {id, TWON_ONEVALUE, mem_alloc(sizeof(TW_ONEVALUE))};
  TW_ONEVALUE *v = mem_lock(cap.hContainer);
  v->ItemType = type;
  v->Item = item;
  mem_unlock(cap.hContainer);
  TW_UINT16 rc = call(&ds, DG_CONTROL, DAT_CAPABILITY, MSG_SET, &cap);
  mem_free(cap.hContainer);
  return rc == TWRC_SUCCESS;
}

static int set_fix32(TW_UINT16 id, double value) {
  TW_FIX32 f = tw_fix32(value);
  TW_UINT32 item;
  memcpy(&item, &f, sizeof item);
  return set_one(id, TWTY_FIX32, item);
}

static void resolution_range(double *lo, double *hi) {
  *lo = 0;
  *hi = 0;
  TW_CAPABILITY cap = {ICAP_XRESOLUTION, TWON_RANGE, NULL};
  if (call(&ds, DG_CONTROL, DAT_CAPABILITY, MSG_GET, &cap) != TWRC_SUCCESS) return;
  if (cap.ConType == TWON_RANGE) {
    TW_RANGE *r = mem_lock(cap.hContainer);
    TW_FIX32 a, b;
    memcpy(&a, &r->MinValue, 4);
    memcpy(&b, &r->MaxValue, 4);
    *lo = tw_double(a);
    *hi = tw_double(b);
    mem_unlock(cap.hContainer);
  }
  mem_free(cap.hContainer);
}

/* A FIX32 capability read with MSG_GET, in the current units (inches); 0 when the source does not say. */
static double get_fix32(TW_UINT16 id) {
  TW_CAPABILITY cap = {id, TWON_ONEVALUE, NULL};
  double value = 0;
  if (call(&ds, DG_CONTROL, DAT_CAPABILITY, MSG_GET, &cap) != TWRC_SUCCESS) return 0;
  if (cap.ConType == TWON_ONEVALUE) {
    TW_ONEVALUE *v = mem_lock(cap.hContainer);
    if (v && v->ItemType == TWTY_FIX32) {
      TW_FIX32 f;
      memcpy(&f, &v->Item, sizeof f);
      value = tw_double(f);
    }
    mem_unlock(cap.hContainer);
  }
  mem_free(cap.hContainer);
  return value;
}

/* ---- scanning ---------------------------------------------------------------------------------- */

struct scan_options {
  int pixel; /* TWPT_* */
  double res, width_in, height_in;
  int feeder, duplex, max_pages;
};

static int negotiate(const struct scan_options *o) {
  if (!set_one(ICAP_XFERMECH, TWTY_UINT16, TWSX_MEMORY)) { fail_with(&ds, "memory transfers"); return 0; }
  if (!set_one(ICAP_UNITS, TWTY_UINT16, TWUN_INCHES)) { fail_with(&ds, "units in inches"); return 0; }
  if (!set_one(ICAP_PIXELTYPE, TWTY_UINT16, (TW_UINT32)o->pixel)) { fail_with(&ds, "pixel type"); return 0; }
  set_one(ICAP_BITDEPTH, TWTY_UINT16, o->pixel == TWPT_BW ? 1 : 8);
  if (!set_fix32(ICAP_XRESOLUTION, o->res) || !set_fix32(ICAP_YRESOLUTION, o->res)) {
    char what[64];
    snprintf(what, sizeof what, "resolution %.0f dpi", o->res);
    fail_with(&ds, what);
    return 0;
  }
  /* Feeder and duplex only when the source has them: asking a flatbed-only source is an error. */
  if (o->feeder) {
    if (!supports(CAP_FEEDERENABLED) || !set_one(CAP_FEEDERENABLED, TWTY_BOOL, 1)) { emit_error("unsupported", "this source has no document feeder"); return 0; }
  }
  if (o->duplex) {
    if (!supports(CAP_DUPLEXENABLED) || !set_one(CAP_DUPLEXENABLED, TWTY_BOOL, 1)) { emit_error("unsupported", "this source cannot scan both sides"); return 0; }
  }
  set_one(CAP_XFERCOUNT, TWTY_INT16, (TW_UINT32)(TW_INT16)-1);
  if (o->width_in > 0 && o->height_in > 0) {
    TW_IMAGELAYOUT layout;
    memset(&layout, 0, sizeof layout);
    layout.Frame.Left = tw_fix32(0);
    layout.Frame.Top = tw_fix32(0);
    layout.Frame.Right = tw_fix32(o->width_in);
    layout.Frame.Bottom = tw_fix32(o->height_in);
    call(&ds, DG_IMAGE, DAT_IMAGELAYOUT, MSG_SET, &layout);
  }
  return 1;
}

/* Transfers one image strip by strip. Returns 1 when done, 0 on error or cancel (already reported). */
static int transfer_image(TW_UINT32 buffer_size) {
  TW_IMAGEINFO info;
  if (call(&ds, DG_IMAGE, DAT_IMAGEINFO, MSG_GET, &info) != TWRC_SUCCESS) { fail_with(&ds, "image info"); return 0; }
  int bpr = info.PixelType == TWPT_BW ? (info.ImageWidth + 7) / 8 : info.ImageWidth * (info.BitsPerPixel / 8);
  printf("{\"event\":\"page\",\"width\":%d,\"height\":%d,\"pixelType\":%d,\"bitsPerPixel\":%d,\"bytesPerRow\":%d,\"xres\":%.2f}\n",
         (int)info.ImageWidth, (int)info.ImageLength, (int)info.PixelType, (int)info.BitsPerPixel, bpr, tw_double(info.XResolution));
  fflush(stdout);
  if (buffer_size < (TW_UINT32)bpr) buffer_size = (TW_UINT32)bpr;
  unsigned char *buffer = malloc(buffer_size);
  if (!buffer) { emit_error("device-error", "out of memory"); return 0; }
  long rows = 0;
  int result = 0;
  for (;;) {
    if (cancel_requested) { emit_error("cancelled", "cancelled during a page"); break; }
    TW_IMAGEMEMXFER xfer;
    memset(&xfer, 0, sizeof xfer);
    xfer.Memory.Flags = TWMF_APPOWNS | TWMF_POINTER;
    xfer.Memory.Length = buffer_size;
    xfer.Memory.TheMem = buffer;
    TW_UINT16 rc = call(&ds, DG_IMAGE, DAT_IMAGEMEMXFER, MSG_GET, &xfer);
    if (rc == TWRC_SUCCESS || rc == TWRC_XFERDONE) {
      state = 7;
      /* Rows whole, in the order the source sends them (top to bottom for uncompressed strips). */
      printf("{\"event\":\"strip\",\"bytes\":%u}\n", (unsigned)(xfer.Rows * (TW_UINT32)bpr));
      for (TW_UINT32 r = 0; r < xfer.Rows; r++) fwrite(buffer + (size_t)r * xfer.BytesPerRow, 1, (size_t)bpr, stdout);
      fflush(stdout);
      rows += xfer.Rows;
      if (rc == TWRC_XFERDONE) {
        printf("{\"event\":\"page-end\",\"rows\":%ld}\n", rows);
        fflush(stdout);
        result = 1;
        break;
      }
    } else if (rc == TWRC_CANCEL) {
      emit_error("cancelled", "the source cancelled the transfer");
      break;
    } else {
      state = 7;
      fail_with(&ds, "memory transfer");
      break;
    }
  }
  free(buffer);
  return result;
}

static int scan(const struct scan_options *o) {
  if (!negotiate(o)) return 0;
  TW_USERINTERFACE ui = {0, 0, parent}; /* ShowUI off: the workstation is the interface */
  ready_flag = 0;
  close_flag = 0;
  if (call(&ds, DG_CONTROL, DAT_USERINTERFACE, MSG_ENABLEDS, &ui) != TWRC_SUCCESS) { fail_with(&ds, "enable source"); return 0; }
  state = 5;
  if (!wait_ready()) {
    emit_error(cancel_requested ? "cancelled" : "device-error", cancel_requested ? "cancelled before the first page" : "the source closed");
    return 0;
  }
  state = 6;
  TW_SETUPMEMXFER setup = {0, 0, 0};
  call(&ds, DG_CONTROL, DAT_SETUPMEMXFER, MSG_GET, &setup);
  int pages = 0;
  for (;;) {
    if (!transfer_image(setup.Preferred ? setup.Preferred : 256 * 1024)) return 0;
    pages++;
    TW_PENDINGXFERS pending = {0, 0};
    call(&ds, DG_CONTROL, DAT_PENDINGXFERS, MSG_ENDXFER, &pending);
    state = pending.Count > 0 ? 6 : 5;
    if (pending.Count == 0) break;
    if ((o->max_pages > 0 && pages >= o->max_pages) || cancel_requested) {
      /* Enough pages: the rest of the feeder stays where it is. */
      call(&ds, DG_CONTROL, DAT_PENDINGXFERS, MSG_RESET, &pending);
      state = 5;
      if (cancel_requested) { emit_error("cancelled", "cancelled between pages"); return 0; }
      break;
    }
  }
  return 1;
}

static int arg_index(int argc, char **argv, const char *name) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], name)) return i;
  return -1;
}

static const char *arg_value(int argc, char **argv, const char *name, const char *fallback) {
  int i = arg_index(argc, argv, name);
  return i > 0 && i + 1 < argc ? argv[i + 1] : fallback;
}

int main(int argc, char **argv) {
#ifdef _WIN32
  _setmode(_fileno(stdout), _O_BINARY);
  const char *default_dsm = "TWAINDSM.dll";
#else
  const char *default_dsm = "libtwaindsm.so";
#endif
  const char *command = argc > 1 ? argv[argc - 1] : "";
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "list") || !strcmp(argv[i], "caps") || !strcmp(argv[i], "scan")) command = argv[i];
  const char *path = arg_value(argc, argv, "--dsm", default_dsm);
  if (!load_manager(path)) {
    emit_error("unavailable", "cannot load the TWAIN Data Source Manager");
    return 2;
  }
  if (!open_manager()) {
    emit_error("unavailable", "cannot open the TWAIN Data Source Manager");
    return 2;
  }
  int ok = 1;
  if (!strcmp(command, "list")) {
    TW_IDENTITY id;
    TW_UINT16 rc = call(NULL, DG_CONTROL, DAT_IDENTITY, MSG_GETFIRST, &id);
    while (rc == TWRC_SUCCESS) {
      printf("{\"event\":\"source\",\"name\":");
      json_string(id.ProductName);
      printf(",\"manufacturer\":");
      json_string(id.Manufacturer);
      printf("}\n");
      rc = call(NULL, DG_CONTROL, DAT_IDENTITY, MSG_GETNEXT, &id);
    }
  } else if (!strcmp(command, "caps") || !strcmp(command, "scan")) {
    const char *name = arg_value(argc, argv, "--source", "");
    ok = open_source(name);
    if (ok && !strcmp(command, "caps")) {
      double lo, hi;
      resolution_range(&lo, &hi);
      /* Units must be inches before the bed's size is read. */
      set_one(ICAP_UNITS, TWTY_UINT16, TWUN_INCHES);
      printf("{\"event\":\"caps\",\"feeder\":%s,\"duplex\":%s,\"minRes\":%.0f,\"maxRes\":%.0f,\"widthIn\":%.3f,\"heightIn\":%.3f}\n",
             supports(CAP_FEEDERENABLED) ? "true" : "false", supports(CAP_DUPLEXENABLED) ? "true" : "false", lo, hi, get_fix32(ICAP_PHYSICALWIDTH),
             get_fix32(ICAP_PHYSICALHEIGHT));
    } else if (ok) {
#ifdef _WIN32
      CreateThread(NULL, 0, read_commands, NULL, 0, NULL);
#else
      pthread_t reader;
      pthread_create(&reader, NULL, read_commands, NULL);
      pthread_detach(reader);
#endif
      struct scan_options o;
      const char *pixel = arg_value(argc, argv, "--pixel", "rgb");
      o.pixel = !strcmp(pixel, "bw") ? TWPT_BW : !strcmp(pixel, "gray") ? TWPT_GRAY : TWPT_RGB;
      o.res = atof(arg_value(argc, argv, "--res", "300"));
      o.width_in = atof(arg_value(argc, argv, "--width-in", "0"));
      o.height_in = atof(arg_value(argc, argv, "--height-in", "0"));
      o.feeder = arg_index(argc, argv, "--feeder") > 0;
      o.duplex = arg_index(argc, argv, "--duplex") > 0;
      o.max_pages = atoi(arg_value(argc, argv, "--max-pages", "0"));
      ok = scan(&o);
    }
  } else {
    emit_error("unsupported", "unknown command");
    ok = 0;
  }
  unwind();
  printf("{\"event\":\"done\",\"ok\":%s}\n", ok ? "true" : "false");
  fflush(stdout);
  return ok ? 0 : 1;
}
