/*
 * Node-API binding of libsane (SANE 1.x frontend API) for Trạm số hóa.
 *
 * Threading model
 * - Every call that may touch hardware or the network (sane_init, sane_get_devices, sane_open,
 *   sane_control_option SET, sane_start, sane_read) runs on libuv's thread pool via napi_async_work;
 *   the JS thread never blocks on a scanner.
 * - SANE backends are not re-entrant across handles for init / enumeration / open: those run under one
 *   process-wide mutex (g_lock). Per device, only one operation is in flight at a time (dev->busy);
 *   a second call while one is pending is rejected with status OPERATION_IN_PROGRESS.
 * - sane_cancel() is, by the SANE standard, callable at any time (even while sane_read blocks on
 *   another thread), so cancel() is synchronous and does not wait for the device.
 * - close() while an operation is in flight cancels it and closes the handle when that operation
 *   completes.
 * - sane_init runs once per process (lazily, on the first listDevices/open); sane_exit runs when the
 *   last Node environment using the addon is torn down, or at process exit (atexit), provided no
 *   worker is still inside libsane.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <sane/sane.h>
#include <sane/saneopts.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <math.h>

/* ------------------------------------------------------------------------------------------------ */
/* Process-wide state                                                                                 */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_initialized = 0;       /* sane_init succeeded and sane_exit not yet called */
static int g_exited = 0;            /* sane_exit was called: no more SANE in this process */
static int g_env_count = 0;         /* live Node environments that loaded the addon */
static int g_inflight = 0;          /* async works currently executing (guarded by g_lock) */
static int g_atexit_registered = 0;
static SANE_Int g_version = 0;

typedef struct device_s {
  SANE_Handle handle;      /* NULL once closed */
  char *name;
  int busy;                /* an async operation is queued or running (JS thread only) */
  int close_requested;     /* close() was called while busy */
  int scanning;            /* between a successful start() and the end of that frame */
  SANE_Status pending;     /* status to report on the next read (EOF or an error met after data) */
  struct device_s *next;   /* list of open devices (per env) */
  struct env_state_s *env_state;
} device_t;

typedef struct env_state_s {
  napi_ref device_ctor;
  device_t *devices;       /* open devices of this env, closed by the cleanup hook */
} env_state_t;

static void inflight_add(int d) {
  pthread_mutex_lock(&g_lock);
  g_inflight += d;
  pthread_mutex_unlock(&g_lock);
}

/* Must be called with g_lock held. */
static SANE_Status ensure_init_locked(void) {
  if (g_exited) return SANE_STATUS_INVAL;
  if (g_initialized) return SANE_STATUS_GOOD;
  SANE_Status st = sane_init(&g_version, NULL);
  if (st == SANE_STATUS_GOOD) g_initialized = 1;
  return st;
}

static void process_exit_hook(void) {
  pthread_mutex_lock(&g_lock);
  if (g_initialized && !g_exited && g_inflight == 0) {
    sane_exit();
    g_exited = 1;
    g_initialized = 0;
  }
  pthread_mutex_unlock(&g_lock);
}

/* ------------------------------------------------------------------------------------------------ */
/* Helpers                                                                                            */

static const char *status_name(SANE_Status st) {
  switch (st) {
    case SANE_STATUS_GOOD: return "GOOD";
    case SANE_STATUS_UNSUPPORTED: return "UNSUPPORTED";
    case SANE_STATUS_CANCELLED: return "CANCELLED";
    case SANE_STATUS_DEVICE_BUSY: return "DEVICE_BUSY";
    case SANE_STATUS_INVAL: return "INVAL";
    case SANE_STATUS_EOF: return "EOF";
    case SANE_STATUS_JAMMED: return "JAMMED";
    case SANE_STATUS_NO_DOCS: return "NO_DOCS";
    case SANE_STATUS_COVER_OPEN: return "COVER_OPEN";
    case SANE_STATUS_IO_ERROR: return "IO_ERROR";
    case SANE_STATUS_NO_MEM: return "NO_MEM";
    case SANE_STATUS_ACCESS_DENIED: return "ACCESS_DENIED";
    default: return "UNKNOWN";
  }
}

static const char *frame_name(SANE_Frame f) {
  switch ((int)f) {
    case SANE_FRAME_GRAY: return "GRAY";
    case SANE_FRAME_RGB: return "RGB";
    case SANE_FRAME_RED: return "RED";
    case SANE_FRAME_GREEN: return "GREEN";
    case SANE_FRAME_BLUE: return "BLUE";
    case 0x0A: return "TEXT";
    case 0x0B: return "JPEG";
    case 0x0C: return "G31D";
    case 0x0D: return "G32D";
    default: return "UNKNOWN";
  }
}

static const char *type_name(SANE_Value_Type t) {
  switch (t) {
    case SANE_TYPE_BOOL: return "bool";
    case SANE_TYPE_INT: return "int";
    case SANE_TYPE_FIXED: return "fixed";
    case SANE_TYPE_STRING: return "string";
    case SANE_TYPE_BUTTON: return "button";
    default: return "group";
  }
}

static const char *unit_name(SANE_Unit u) {
  switch (u) {
    case SANE_UNIT_PIXEL: return "pixel";
    case SANE_UNIT_BIT: return "bit";
    case SANE_UNIT_MM: return "mm";
    case SANE_UNIT_DPI: return "dpi";
    case SANE_UNIT_PERCENT: return "percent";
    case SANE_UNIT_MICROSECOND: return "microsecond";
    default: return "none";
  }
}

#define NAPI_CALL(env, call)                                  \
  do {                                                        \
    if ((call) != napi_ok) {                                  \
      const napi_extended_error_info *info_;                  \
      bool pending_;                                          \
      napi_get_last_error_info((env), &info_);                \
      napi_is_exception_pending((env), &pending_);            \
      if (!pending_)                                          \
        napi_throw_error((env), "ERR_SANE_NAPI",              \
                         info_ && info_->error_message        \
                             ? info_->error_message           \
                             : "Node-API call failed");       \
      return NULL;                                            \
    }                                                         \
  } while (0)

static void set_str(napi_env env, napi_value obj, const char *key, const char *val) {
  napi_value v;
  if (val) napi_create_string_utf8(env, val, NAPI_AUTO_LENGTH, &v);
  else napi_get_null(env, &v);
  napi_set_named_property(env, obj, key, v);
}

static void set_num(napi_env env, napi_value obj, const char *key, double val) {
  napi_value v;
  napi_create_double(env, val, &v);
  napi_set_named_property(env, obj, key, v);
}

static void set_bool(napi_env env, napi_value obj, const char *key, int val) {
  napi_value v;
  napi_get_boolean(env, val != 0, &v);
  napi_set_named_property(env, obj, key, v);
}

/* Error object: message "<what>: <sane_strstatus>", .status = "JAMMED" …, .saneStatus = 8. */
static napi_value make_sane_error(napi_env env, const char *what, SANE_Status st) {
  char msg[512];
  const char *name = status_name(st);
  snprintf(msg, sizeof msg, "%s: %s (%s)", what, sane_strstatus(st), name);
  napi_value m, code, err;
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
  napi_create_string_utf8(env, "ERR_SANE", NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, m, &err);
  set_str(env, err, "status", name);
  set_num(env, err, "saneStatus", (double)st);
  return err;
}

static napi_value make_plain_error(napi_env env, const char *status, const char *msg) {
  napi_value m, code, err;
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
  napi_create_string_utf8(env, "ERR_SANE", NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, m, &err);
  set_str(env, err, "status", status);
  return err;
}

static napi_value rejected(napi_env env, napi_value err) {
  napi_deferred d;
  napi_value p;
  napi_create_promise(env, &d, &p);
  napi_reject_deferred(env, d, err);
  return p;
}

static char *dup_str(const char *s) {
  if (!s) s = "";
  size_t n = strlen(s) + 1;
  char *r = malloc(n);
  if (r) memcpy(r, s, n);
  return r;
}

static char *get_string_arg(napi_env env, napi_value v) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
  char *s = malloc(len + 1);
  if (!s) return NULL;
  napi_get_value_string_utf8(env, v, s, len + 1, &len);
  return s;
}

/* ------------------------------------------------------------------------------------------------ */
/* listDevices()                                                                                      */

typedef struct {
  char *name, *vendor, *model, *type;
} dev_info_t;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  SANE_Status status;
  const char *what;
  dev_info_t *list;
  size_t count;
} list_req_t;

static void list_execute(napi_env env, void *data) {
  (void)env;
  list_req_t *r = data;
  pthread_mutex_lock(&g_lock);
  g_inflight++;
  r->status = ensure_init_locked();
  r->what = "sane_init";
  if (r->status == SANE_STATUS_GOOD) {
    const SANE_Device **devs = NULL;
    r->what = "sane_get_devices";
    r->status = sane_get_devices(&devs, SANE_FALSE);
    if (r->status == SANE_STATUS_GOOD && devs) {
      size_t n = 0;
      while (devs[n]) n++;
      r->list = calloc(n ? n : 1, sizeof(dev_info_t));
      if (!r->list) {
        r->status = SANE_STATUS_NO_MEM;
      } else {
        for (size_t i = 0; i < n; i++) {
          r->list[i].name = dup_str(devs[i]->name);
          r->list[i].vendor = dup_str(devs[i]->vendor);
          r->list[i].model = dup_str(devs[i]->model);
          r->list[i].type = dup_str(devs[i]->type);
        }
        r->count = n;
      }
    }
  }
  g_inflight--;
  pthread_mutex_unlock(&g_lock);
}

static void list_complete(napi_env env, napi_status status, void *data) {
  list_req_t *r = data;
  if (status == napi_ok) {
    if (r->status != SANE_STATUS_GOOD) {
      napi_reject_deferred(env, r->deferred, make_sane_error(env, r->what, r->status));
    } else {
      napi_value arr;
      napi_create_array_with_length(env, r->count, &arr);
      for (size_t i = 0; i < r->count; i++) {
        napi_value o;
        napi_create_object(env, &o);
        set_str(env, o, "name", r->list[i].name);
        set_str(env, o, "vendor", r->list[i].vendor);
        set_str(env, o, "model", r->list[i].model);
        set_str(env, o, "type", r->list[i].type);
        napi_set_element(env, arr, (uint32_t)i, o);
      }
      napi_resolve_deferred(env, r->deferred, arr);
    }
  } else {
    napi_reject_deferred(env, r->deferred, make_plain_error(env, "CANCELLED", "listDevices was cancelled"));
  }
  for (size_t i = 0; i < r->count; i++) {
    free(r->list[i].name); free(r->list[i].vendor); free(r->list[i].model); free(r->list[i].type);
  }
  free(r->list);
  napi_delete_async_work(env, r->work);
  free(r);
}

static napi_value js_list_devices(napi_env env, napi_callback_info info) {
  (void)info;
  list_req_t *r = calloc(1, sizeof *r);
  napi_value promise, name;
  if (!r) return rejected(env, make_sane_error(env, "listDevices", SANE_STATUS_NO_MEM));
  NAPI_CALL(env, napi_create_promise(env, &r->deferred, &promise));
  napi_create_string_utf8(env, "sane:listDevices", NAPI_AUTO_LENGTH, &name);
  NAPI_CALL(env, napi_create_async_work(env, NULL, name, list_execute, list_complete, r, &r->work));
  NAPI_CALL(env, napi_queue_async_work(env, r->work));
  return promise;
}

/* ------------------------------------------------------------------------------------------------ */
/* Device lifetime                                                                                    */

static void env_unlink_device(device_t *dev) {
  env_state_t *es = dev->env_state;
  if (!es) return;
  device_t **p = &es->devices;
  while (*p) {
    if (*p == dev) { *p = dev->next; break; }
    p = &(*p)->next;
  }
  dev->next = NULL;
}

/* JS thread, device not busy. */
static void device_close_now(device_t *dev) {
  if (dev->handle) {
    /* Not under g_lock: an enumeration holding it may take seconds, and close must not block JS. */
    if (!g_exited) sane_close(dev->handle);
    dev->handle = NULL;
  }
  dev->scanning = 0;
  env_unlink_device(dev);
}

static void device_finalize(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  device_t *dev = data;
  /* Never busy here: every in-flight operation holds a reference to the JS object. */
  device_close_now(dev);
  free(dev->name);
  free(dev);
}

static device_t *unwrap_device(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  napi_value self;
  device_t *dev = NULL;
  size_t n = argc ? *argc : 0;
  if (napi_get_cb_info(env, info, argc ? &n : NULL, argv, &self, NULL) != napi_ok) return NULL;
  if (argc) *argc = n;
  if (napi_unwrap(env, self, (void **)&dev) != napi_ok || !dev) {
    napi_throw_type_error(env, "ERR_SANE", "not a SANE device object");
    return NULL;
  }
  return dev;
}

/* Common pre-check for async device operations; returns an Error value or NULL if OK. */
static napi_value device_precheck(napi_env env, device_t *dev) {
  if (!dev->handle || dev->close_requested)
    return make_plain_error(env, "CLOSED", "the SANE device is closed");
  if (dev->busy)
    return make_plain_error(env, "OPERATION_IN_PROGRESS",
                            "another operation on this SANE device has not finished yet");
  return NULL;
}

/* ------------------------------------------------------------------------------------------------ */
/* Generic async device operation                                                                     */

typedef enum { OP_START, OP_READ, OP_SET } op_kind_t;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref self_ref;
  device_t *dev;
  op_kind_t kind;
  SANE_Status status;
  const char *what;
  /* start */
  SANE_Parameters params;
  /* read */
  SANE_Byte *buf;
  SANE_Int max, filled;
  int eof; /* return null */
  /* set */
  SANE_Int opt_index;
  SANE_Action action;
  void *value;
  SANE_Int set_info;
} op_req_t;

static void op_execute(napi_env env, void *data) {
  (void)env;
  op_req_t *r = data;
  device_t *dev = r->dev;
  SANE_Handle h = dev->handle;
  inflight_add(1);
  switch (r->kind) {
    case OP_START:
      r->what = "sane_start";
      r->status = sane_start(h);
      if (r->status == SANE_STATUS_GOOD) {
        r->what = "sane_get_parameters";
        r->status = sane_get_parameters(h, &r->params);
      }
      break;
    case OP_SET:
      r->what = "sane_control_option";
      r->status = sane_control_option(h, r->opt_index, r->action, r->value, &r->set_info);
      break;
    case OP_READ: {
      r->what = "sane_read";
      r->status = SANE_STATUS_GOOD;
      /* Fill the buffer as far as the backend gives data without blocking on an end-of-frame. */
      while (r->filled < r->max) {
        SANE_Int len = 0;
        SANE_Status st = sane_read(h, r->buf + r->filled, r->max - r->filled, &len);
        if (st != SANE_STATUS_GOOD) {
          if (r->filled > 0) {
            /* Hand over the data first; report the end or the error on the next read. */
            dev->pending = st;
          } else {
            r->status = st;
          }
          break;
        }
        if (len <= 0) break; /* non-blocking backend with nothing ready: return what we have */
        r->filled += len;
      }
      break;
    }
  }
  inflight_add(-1);
}

static napi_value params_to_js(napi_env env, const SANE_Parameters *p) {
  napi_value o;
  napi_create_object(env, &o);
  set_str(env, o, "format", frame_name(p->format));
  set_bool(env, o, "lastFrame", p->last_frame);
  set_num(env, o, "bytesPerLine", p->bytes_per_line);
  set_num(env, o, "pixelsPerLine", p->pixels_per_line);
  set_num(env, o, "lines", p->lines);
  set_num(env, o, "depth", p->depth);
  return o;
}

static void op_complete(napi_env env, napi_status status, void *data) {
  op_req_t *r = data;
  device_t *dev = r->dev;
  dev->busy = 0;
  if (status != napi_ok) {
    napi_reject_deferred(env, r->deferred, make_plain_error(env, "CANCELLED", "operation cancelled"));
  } else if (r->kind == OP_READ && r->status == SANE_STATUS_EOF) {
    dev->scanning = 0;
    napi_value nul;
    napi_get_null(env, &nul);
    napi_resolve_deferred(env, r->deferred, nul);
  } else if (r->status != SANE_STATUS_GOOD) {
    if (r->kind == OP_READ || r->kind == OP_START) dev->scanning = 0;
    napi_reject_deferred(env, r->deferred, make_sane_error(env, r->what, r->status));
  } else {
    napi_value v;
    switch (r->kind) {
      case OP_START:
        dev->scanning = 1;
        v = params_to_js(env, &r->params);
        break;
      case OP_READ:
        if (napi_create_buffer_copy(env, (size_t)r->filled, r->buf, NULL, &v) != napi_ok) {
          napi_value err = make_sane_error(env, "read", SANE_STATUS_NO_MEM);
          napi_reject_deferred(env, r->deferred, err);
          goto done;
        }
        break;
      case OP_SET:
      default:
        napi_create_object(env, &v);
        set_bool(env, v, "inexact", r->set_info & SANE_INFO_INEXACT);
        set_bool(env, v, "reloadOptions", r->set_info & SANE_INFO_RELOAD_OPTIONS);
        set_bool(env, v, "reloadParams", r->set_info & SANE_INFO_RELOAD_PARAMS);
        break;
    }
    napi_resolve_deferred(env, r->deferred, v);
  }
done:
  if (dev->close_requested) device_close_now(dev);
  napi_delete_reference(env, r->self_ref);
  napi_delete_async_work(env, r->work);
  free(r->buf);
  free(r->value);
  free(r);
}

static napi_value queue_op(napi_env env, napi_value self, device_t *dev, op_req_t *r, const char *label) {
  napi_value promise, name;
  r->dev = dev;
  NAPI_CALL(env, napi_create_promise(env, &r->deferred, &promise));
  NAPI_CALL(env, napi_create_reference(env, self, 1, &r->self_ref));
  napi_create_string_utf8(env, label, NAPI_AUTO_LENGTH, &name);
  NAPI_CALL(env, napi_create_async_work(env, NULL, name, op_execute, op_complete, r, &r->work));
  NAPI_CALL(env, napi_queue_async_work(env, r->work));
  dev->busy = 1;
  return promise;
}

/* ------------------------------------------------------------------------------------------------ */
/* open(name)                                                                                         */

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  char *name;
  SANE_Handle handle;
  SANE_Status status;
  const char *what;
} open_req_t;

static void open_execute(napi_env env, void *data) {
  (void)env;
  open_req_t *r = data;
  pthread_mutex_lock(&g_lock);
  g_inflight++;
  r->what = "sane_init";
  r->status = ensure_init_locked();
  if (r->status == SANE_STATUS_GOOD) {
    r->what = "sane_open";
    r->status = sane_open(r->name, &r->handle);
  }
  g_inflight--;
  pthread_mutex_unlock(&g_lock);
}

static void open_complete(napi_env env, napi_status status, void *data) {
  open_req_t *r = data;
  env_state_t *es = NULL;
  napi_get_instance_data(env, (void **)&es);
  if (status != napi_ok || r->status != SANE_STATUS_GOOD) {
    if (r->handle) sane_close(r->handle);
    napi_reject_deferred(env, r->deferred,
                         status != napi_ok ? make_plain_error(env, "CANCELLED", "open was cancelled")
                                           : make_sane_error(env, r->what, r->status));
  } else {
    device_t *dev = calloc(1, sizeof *dev);
    napi_value ctor, obj, ext;
    napi_get_reference_value(env, es->device_ctor, &ctor);
    /* The constructor only accepts the internal marker (an external) so JS cannot forge devices. */
    napi_create_external(env, dev, NULL, NULL, &ext);
    if (!dev || napi_new_instance(env, ctor, 1, &ext, &obj) != napi_ok) {
      bool pending;
      napi_is_exception_pending(env, &pending);
      if (pending) { napi_value e; napi_get_and_clear_last_exception(env, &e); }
      sane_close(r->handle);
      free(dev);
      napi_reject_deferred(env, r->deferred, make_sane_error(env, "open", SANE_STATUS_NO_MEM));
    } else {
      dev->handle = r->handle;
      dev->name = r->name;
      r->name = NULL;
      dev->pending = SANE_STATUS_GOOD;
      dev->env_state = es;
      dev->next = es->devices;
      es->devices = dev;
      napi_value nm;
      napi_create_string_utf8(env, dev->name, NAPI_AUTO_LENGTH, &nm);
      napi_property_descriptor pd = { "name", NULL, NULL, NULL, NULL, nm, napi_enumerable, NULL };
      napi_define_properties(env, obj, 1, &pd);
      napi_resolve_deferred(env, r->deferred, obj);
    }
  }
  napi_delete_async_work(env, r->work);
  free(r->name);
  free(r);
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], promise, name;
  napi_valuetype t = napi_undefined;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_string) return rejected(env, make_plain_error(env, "INVAL", "open(name): name must be a string"));
  open_req_t *r = calloc(1, sizeof *r);
  if (!r) return rejected(env, make_sane_error(env, "open", SANE_STATUS_NO_MEM));
  r->name = get_string_arg(env, argv[0]);
  NAPI_CALL(env, napi_create_promise(env, &r->deferred, &promise));
  napi_create_string_utf8(env, "sane:open", NAPI_AUTO_LENGTH, &name);
  NAPI_CALL(env, napi_create_async_work(env, NULL, name, open_execute, open_complete, r, &r->work));
  NAPI_CALL(env, napi_queue_async_work(env, r->work));
  return promise;
}

/* Device constructor (internal). */
static napi_value device_ctor(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  napi_valuetype t = napi_undefined;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_external) {
    napi_throw_type_error(env, "ERR_SANE", "SANE devices are created by open(name)");
    return NULL;
  }
  void *dev;
  napi_get_value_external(env, argv[0], &dev);
  NAPI_CALL(env, napi_wrap(env, self, dev, device_finalize, NULL, NULL));
  return self;
}

/* ------------------------------------------------------------------------------------------------ */
/* Device methods                                                                                     */

static napi_value word_to_js(napi_env env, SANE_Value_Type type, SANE_Word w) {
  napi_value v;
  if (type == SANE_TYPE_FIXED) napi_create_double(env, SANE_UNFIX(w), &v);
  else napi_create_double(env, (double)w, &v);
  return v;
}

static napi_value constraint_to_js(napi_env env, const SANE_Option_Descriptor *d) {
  napi_value c;
  switch (d->constraint_type) {
    case SANE_CONSTRAINT_RANGE: {
      if (!d->constraint.range) break;
      napi_create_object(env, &c);
      set_str(env, c, "type", "range");
      napi_set_named_property(env, c, "min", word_to_js(env, d->type, d->constraint.range->min));
      napi_set_named_property(env, c, "max", word_to_js(env, d->type, d->constraint.range->max));
      napi_set_named_property(env, c, "quant", word_to_js(env, d->type, d->constraint.range->quant));
      return c;
    }
    case SANE_CONSTRAINT_WORD_LIST: {
      if (!d->constraint.word_list) break;
      napi_value arr;
      SANE_Int n = d->constraint.word_list[0];
      napi_create_object(env, &c);
      set_str(env, c, "type", "list");
      napi_create_array_with_length(env, (size_t)n, &arr);
      for (SANE_Int i = 0; i < n; i++)
        napi_set_element(env, arr, (uint32_t)i, word_to_js(env, d->type, d->constraint.word_list[i + 1]));
      napi_set_named_property(env, c, "values", arr);
      return c;
    }
    case SANE_CONSTRAINT_STRING_LIST: {
      if (!d->constraint.string_list) break;
      napi_value arr, s;
      uint32_t i = 0;
      napi_create_object(env, &c);
      set_str(env, c, "type", "strings");
      napi_create_array(env, &arr);
      for (; d->constraint.string_list[i]; i++) {
        napi_create_string_utf8(env, d->constraint.string_list[i], NAPI_AUTO_LENGTH, &s);
        napi_set_element(env, arr, i, s);
      }
      napi_set_named_property(env, c, "values", arr);
      return c;
    }
    default:
      break;
  }
  napi_get_null(env, &c);
  return c;
}

/* Reads an option value synchronously (backends keep option values in memory). */
static napi_value read_option_value(napi_env env, device_t *dev, SANE_Int i, const SANE_Option_Descriptor *d) {
  napi_value v;
  napi_get_undefined(env, &v);
  if (!SANE_OPTION_IS_ACTIVE(d->cap) || !(d->cap & SANE_CAP_SOFT_DETECT)) return v;
  if (d->type == SANE_TYPE_BUTTON || d->type == SANE_TYPE_GROUP || d->size <= 0) return v;
  void *buf = calloc(1, (size_t)d->size + 1);
  if (!buf) return v;
  if (sane_control_option(dev->handle, i, SANE_ACTION_GET_VALUE, buf, NULL) == SANE_STATUS_GOOD) {
    if (d->type == SANE_TYPE_STRING) {
      napi_create_string_utf8(env, (const char *)buf, strnlen(buf, (size_t)d->size), &v);
    } else if (d->type == SANE_TYPE_BOOL) {
      napi_get_boolean(env, *(SANE_Word *)buf != 0, &v);
    } else {
      size_t n = (size_t)d->size / sizeof(SANE_Word);
      if (n <= 1) {
        v = word_to_js(env, d->type, *(SANE_Word *)buf);
      } else {
        napi_create_array_with_length(env, n, &v);
        for (size_t k = 0; k < n; k++)
          napi_set_element(env, v, (uint32_t)k, word_to_js(env, d->type, ((SANE_Word *)buf)[k]));
      }
    }
  }
  free(buf);
  return v;
}

static napi_value js_options(napi_env env, napi_callback_info info) {
  device_t *dev = unwrap_device(env, info, NULL, NULL);
  if (!dev) return NULL;
  if (!dev->handle) {
    napi_throw(env, make_plain_error(env, "CLOSED", "the SANE device is closed"));
    return NULL;
  }
  if (dev->busy) {
    napi_throw(env, make_plain_error(env, "OPERATION_IN_PROGRESS",
                                     "another operation on this SANE device has not finished yet"));
    return NULL;
  }
  SANE_Int count = 0;
  const SANE_Option_Descriptor *d0 = sane_get_option_descriptor(dev->handle, 0);
  if (d0 && sane_control_option(dev->handle, 0, SANE_ACTION_GET_VALUE, &count, NULL) != SANE_STATUS_GOOD)
    count = 0;
  napi_value arr;
  NAPI_CALL(env, napi_create_array(env, &arr));
  uint32_t out = 0;
  for (SANE_Int i = 1; i < count; i++) {
    const SANE_Option_Descriptor *d = sane_get_option_descriptor(dev->handle, i);
    if (!d || d->type == SANE_TYPE_GROUP || !d->name || !d->name[0]) continue;
    if (!(d->cap & SANE_CAP_SOFT_DETECT) && d->type != SANE_TYPE_BUTTON) continue; /* not readable */
    napi_value o;
    napi_create_object(env, &o);
    set_str(env, o, "name", d->name);
    set_str(env, o, "title", d->title ? d->title : d->name);
    set_str(env, o, "description", d->desc ? d->desc : "");
    set_str(env, o, "type", type_name(d->type));
    set_str(env, o, "unit", unit_name(d->unit));
    set_num(env, o, "count",
            (d->type == SANE_TYPE_INT || d->type == SANE_TYPE_FIXED) ? (double)(d->size / (SANE_Int)sizeof(SANE_Word)) : 1);
    set_bool(env, o, "active", SANE_OPTION_IS_ACTIVE(d->cap));
    set_bool(env, o, "settable", SANE_OPTION_IS_SETTABLE(d->cap));
    set_bool(env, o, "automatic", (d->cap & SANE_CAP_AUTOMATIC) != 0);
    set_bool(env, o, "advanced", (d->cap & SANE_CAP_ADVANCED) != 0);
    napi_set_named_property(env, o, "constraint", constraint_to_js(env, d));
    napi_set_named_property(env, o, "value", read_option_value(env, dev, i, d));
    napi_set_element(env, arr, out++, o);
  }
  return arr;
}

static SANE_Int find_option(device_t *dev, const char *name, const SANE_Option_Descriptor **out) {
  SANE_Int count = 0;
  if (sane_control_option(dev->handle, 0, SANE_ACTION_GET_VALUE, &count, NULL) != SANE_STATUS_GOOD) return -1;
  for (SANE_Int i = 1; i < count; i++) {
    const SANE_Option_Descriptor *d = sane_get_option_descriptor(dev->handle, i);
    if (d && d->name && d->type != SANE_TYPE_GROUP && strcmp(d->name, name) == 0) {
      *out = d;
      return i;
    }
  }
  return -1;
}

static int js_to_word(napi_env env, napi_value v, SANE_Value_Type type, SANE_Word *w) {
  double x;
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_boolean && type == SANE_TYPE_BOOL) {
    bool b;
    napi_get_value_bool(env, v, &b);
    *w = b ? SANE_TRUE : SANE_FALSE;
    return 1;
  }
  if (t != napi_number) return 0;
  napi_get_value_double(env, v, &x);
  if (!isfinite(x)) return 0;
  if (type == SANE_TYPE_FIXED) {
    if (x > 32767.0 || x < -32768.0) return 0;
    *w = SANE_FIX(x);
  } else if (type == SANE_TYPE_BOOL) {
    *w = x != 0 ? SANE_TRUE : SANE_FALSE;
  } else {
    if (x > 2147483647.0 || x < -2147483648.0) return 0;
    *w = (SANE_Word)llround(x);
  }
  return 1;
}

/* setOption(name, value) → Promise<{ inexact, reloadOptions, reloadParams }>.
 * value: boolean (bool), number (int; fixed in the option's unit, e.g. mm or dpi), number[] (arrays),
 * string (string), ignored for buttons, null/undefined = automatic (when the option supports it). */
static napi_value js_set_option(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], self;
  device_t *dev = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (napi_unwrap(env, self, (void **)&dev) != napi_ok || !dev) {
    napi_throw_type_error(env, "ERR_SANE", "not a SANE device object");
    return NULL;
  }
  napi_value err = device_precheck(env, dev);
  if (err) return rejected(env, err);
  if (dev->scanning)
    return rejected(env, make_plain_error(env, "DEVICE_BUSY", "options cannot be set while a frame is being read"));
  napi_valuetype t = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_string) return rejected(env, make_plain_error(env, "INVAL", "setOption(name, value): name must be a string"));
  char *name = get_string_arg(env, argv[0]);
  const SANE_Option_Descriptor *d = NULL;
  SANE_Int idx = name ? find_option(dev, name, &d) : -1;
  char msg[300];
  if (idx < 0) {
    snprintf(msg, sizeof msg, "unknown option '%s'", name ? name : "");
    free(name);
    return rejected(env, make_plain_error(env, "INVAL", msg));
  }
  if (!SANE_OPTION_IS_SETTABLE(d->cap) || !SANE_OPTION_IS_ACTIVE(d->cap)) {
    snprintf(msg, sizeof msg, "option '%s' is %s", name, SANE_OPTION_IS_ACTIVE(d->cap) ? "not settable" : "inactive");
    free(name);
    return rejected(env, make_plain_error(env, "INVAL", msg));
  }
  op_req_t *r = calloc(1, sizeof *r);
  if (!r) { free(name); return rejected(env, make_sane_error(env, "setOption", SANE_STATUS_NO_MEM)); }
  r->kind = OP_SET;
  r->opt_index = idx;
  r->action = SANE_ACTION_SET_VALUE;
  napi_valuetype vt = napi_undefined;
  if (argc >= 2) napi_typeof(env, argv[1], &vt);
  int ok = 1;
  if ((vt == napi_undefined || vt == napi_null) && d->type != SANE_TYPE_BUTTON) {
    if (d->cap & SANE_CAP_AUTOMATIC) r->action = SANE_ACTION_SET_AUTO;
    else ok = 0;
  } else if (d->type == SANE_TYPE_BUTTON) {
    r->value = NULL;
  } else if (d->type == SANE_TYPE_STRING) {
    if (vt != napi_string) ok = 0;
    else {
      size_t len = 0;
      napi_get_value_string_utf8(env, argv[1], NULL, 0, &len);
      size_t cap = (size_t)d->size > len + 1 ? (size_t)d->size : len + 1;
      r->value = calloc(1, cap);
      if (!r->value) ok = 0;
      else if (len + 1 > (size_t)d->size) ok = 0; /* too long for the option */
      else napi_get_value_string_utf8(env, argv[1], r->value, cap, &len);
    }
  } else {
    size_t n = d->size > 0 ? (size_t)d->size / sizeof(SANE_Word) : 1;
    SANE_Word *words = calloc(n ? n : 1, sizeof(SANE_Word));
    r->value = words;
    bool is_array = false;
    napi_is_array(env, argv[1], &is_array);
    if (!words) ok = 0;
    else if (is_array) {
      uint32_t len = 0;
      napi_get_array_length(env, argv[1], &len);
      if (len != n) ok = 0;
      for (uint32_t k = 0; ok && k < len; k++) {
        napi_value e;
        napi_get_element(env, argv[1], k, &e);
        ok = js_to_word(env, e, d->type, &words[k]);
      }
    } else {
      ok = js_to_word(env, argv[1], d->type, &words[0]);
      if (ok && n > 1) {
        /* One number for an array option: read the current values and replace the first. */
        for (size_t k = 1; k < n; k++) words[k] = 0;
        SANE_Word *cur = calloc(n, sizeof(SANE_Word));
        if (cur && sane_control_option(dev->handle, idx, SANE_ACTION_GET_VALUE, cur, NULL) == SANE_STATUS_GOOD) {
          for (size_t k = 1; k < n; k++) words[k] = cur[k];
        }
        free(cur);
      }
      if (vt == napi_boolean && d->type != SANE_TYPE_BOOL) ok = 0;
    }
  }
  if (!ok) {
    snprintf(msg, sizeof msg, "invalid value for option '%s' (type %s)", name, type_name(d->type));
    free(name);
    free(r->value);
    free(r);
    return rejected(env, make_plain_error(env, "INVAL", msg));
  }
  free(name);
  return queue_op(env, self, dev, r, "sane:setOption");
}

static napi_value js_start(napi_env env, napi_callback_info info) {
  napi_value self;
  device_t *dev = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  if (napi_unwrap(env, self, (void **)&dev) != napi_ok || !dev) {
    napi_throw_type_error(env, "ERR_SANE", "not a SANE device object");
    return NULL;
  }
  napi_value err = device_precheck(env, dev);
  if (err) return rejected(env, err);
  op_req_t *r = calloc(1, sizeof *r);
  if (!r) return rejected(env, make_sane_error(env, "start", SANE_STATUS_NO_MEM));
  r->kind = OP_START;
  dev->pending = SANE_STATUS_GOOD;
  return queue_op(env, self, dev, r, "sane:start");
}

static napi_value js_read(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  device_t *dev = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (napi_unwrap(env, self, (void **)&dev) != napi_ok || !dev) {
    napi_throw_type_error(env, "ERR_SANE", "not a SANE device object");
    return NULL;
  }
  napi_value err = device_precheck(env, dev);
  if (err) return rejected(env, err);
  double max = 256 * 1024;
  if (argc >= 1) {
    napi_valuetype t;
    napi_typeof(env, argv[0], &t);
    if (t == napi_number) napi_get_value_double(env, argv[0], &max);
    else if (t != napi_undefined)
      return rejected(env, make_plain_error(env, "INVAL", "read(maxBytes): maxBytes must be a number"));
  }
  if (!(max >= 1) || max > 64.0 * 1024 * 1024)
    return rejected(env, make_plain_error(env, "INVAL", "read(maxBytes): maxBytes must be between 1 and 64 MiB"));
  if (dev->pending != SANE_STATUS_GOOD) {
    /* An end-of-frame or error met while filling the previous buffer. */
    SANE_Status st = dev->pending;
    dev->pending = SANE_STATUS_GOOD;
    dev->scanning = 0;
    napi_deferred d;
    napi_value p, v;
    napi_create_promise(env, &d, &p);
    if (st == SANE_STATUS_EOF) {
      napi_get_null(env, &v);
      napi_resolve_deferred(env, d, v);
    } else {
      napi_reject_deferred(env, d, make_sane_error(env, "sane_read", st));
    }
    return p;
  }
  op_req_t *r = calloc(1, sizeof *r);
  if (!r) return rejected(env, make_sane_error(env, "read", SANE_STATUS_NO_MEM));
  r->kind = OP_READ;
  r->max = (SANE_Int)max;
  r->buf = malloc((size_t)r->max);
  if (!r->buf) { free(r); return rejected(env, make_sane_error(env, "read", SANE_STATUS_NO_MEM)); }
  return queue_op(env, self, dev, r, "sane:read");
}

static napi_value js_get_option(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  device_t *dev = unwrap_device(env, info, &argc, argv);
  if (!dev) return NULL;
  if (!dev->handle || dev->busy) {
    napi_throw(env, make_plain_error(env, dev->handle ? "OPERATION_IN_PROGRESS" : "CLOSED",
                                     dev->handle ? "another operation on this SANE device has not finished yet"
                                                 : "the SANE device is closed"));
    return NULL;
  }
  napi_valuetype t = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_string) {
    napi_throw(env, make_plain_error(env, "INVAL", "getOption(name): name must be a string"));
    return NULL;
  }
  char *name = get_string_arg(env, argv[0]);
  const SANE_Option_Descriptor *d = NULL;
  SANE_Int idx = name ? find_option(dev, name, &d) : -1;
  free(name);
  if (idx < 0) {
    napi_throw(env, make_plain_error(env, "INVAL", "unknown option"));
    return NULL;
  }
  return read_option_value(env, dev, idx, d);
}

static napi_value js_cancel(napi_env env, napi_callback_info info) {
  device_t *dev = unwrap_device(env, info, NULL, NULL);
  if (!dev) return NULL;
  if (dev->handle) sane_cancel(dev->handle);
  if (!dev->busy) { dev->scanning = 0; dev->pending = SANE_STATUS_GOOD; }
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  device_t *dev = unwrap_device(env, info, NULL, NULL);
  if (!dev) return NULL;
  if (dev->handle) {
    if (dev->busy) {
      /* Unblock the in-flight operation; op_complete closes the handle. */
      dev->close_requested = 1;
      sane_cancel(dev->handle);
    } else {
      if (dev->scanning) sane_cancel(dev->handle);
      device_close_now(dev);
    }
  }
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

static napi_value js_is_open(napi_env env, napi_callback_info info) {
  device_t *dev = unwrap_device(env, info, NULL, NULL);
  if (!dev) return NULL;
  napi_value b;
  napi_get_boolean(env, dev->handle != NULL && !dev->close_requested, &b);
  return b;
}

static napi_value js_version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value o;
  napi_create_object(env, &o);
  set_num(env, o, "major", SANE_VERSION_MAJOR(g_version));
  set_num(env, o, "minor", SANE_VERSION_MINOR(g_version));
  set_num(env, o, "build", SANE_VERSION_BUILD(g_version));
  set_bool(env, o, "initialized", g_initialized);
  return o;
}

/* ------------------------------------------------------------------------------------------------ */
/* Module                                                                                             */

static void env_cleanup(void *arg) {
  env_state_t *es = arg;
  /* Close the handles that are idle; busy ones are closed by sane_exit (backends close their devices). */
  for (device_t *dev = es->devices; dev;) {
    device_t *next = dev->next;
    if (!dev->busy && dev->handle) {
      if (dev->scanning) sane_cancel(dev->handle);
      pthread_mutex_lock(&g_lock);
      if (!g_exited) sane_close(dev->handle);
      pthread_mutex_unlock(&g_lock);
    }
    dev->handle = NULL;
    dev->env_state = NULL;
    dev->next = NULL;
    dev = next;
  }
  es->devices = NULL;
  pthread_mutex_lock(&g_lock);
  g_env_count--;
  if (g_env_count == 0 && g_initialized && !g_exited && g_inflight == 0) {
    sane_exit();
    g_exited = 1;
    g_initialized = 0;
  }
  pthread_mutex_unlock(&g_lock);
}

static void env_state_finalize(napi_env env, void *data, void *hint) {
  (void)hint;
  env_state_t *es = data;
  if (es->device_ctor) napi_delete_reference(env, es->device_ctor);
  free(es);
}

static napi_value init(napi_env env, napi_value exports) {
  env_state_t *es = calloc(1, sizeof *es);
  if (!es) return NULL;
  napi_property_descriptor methods[] = {
    { "options", NULL, js_options, NULL, NULL, NULL, napi_default_method, NULL },
    { "getOption", NULL, js_get_option, NULL, NULL, NULL, napi_default_method, NULL },
    { "setOption", NULL, js_set_option, NULL, NULL, NULL, napi_default_method, NULL },
    { "start", NULL, js_start, NULL, NULL, NULL, napi_default_method, NULL },
    { "read", NULL, js_read, NULL, NULL, NULL, napi_default_method, NULL },
    { "cancel", NULL, js_cancel, NULL, NULL, NULL, napi_default_method, NULL },
    { "close", NULL, js_close, NULL, NULL, NULL, napi_default_method, NULL },
    { "isOpen", NULL, js_is_open, NULL, NULL, NULL, napi_default_method, NULL },
  };
  napi_value ctor;
  NAPI_CALL(env, napi_define_class(env, "SaneDevice", NAPI_AUTO_LENGTH, device_ctor, NULL,
                                   sizeof methods / sizeof methods[0], methods, &ctor));
  NAPI_CALL(env, napi_create_reference(env, ctor, 1, &es->device_ctor));
  NAPI_CALL(env, napi_set_instance_data(env, es, env_state_finalize, NULL));
  NAPI_CALL(env, napi_add_env_cleanup_hook(env, env_cleanup, es));

  pthread_mutex_lock(&g_lock);
  g_env_count++;
  if (!g_atexit_registered) {
    atexit(process_exit_hook);
    g_atexit_registered = 1;
  }
  pthread_mutex_unlock(&g_lock);

  napi_property_descriptor fns[] = {
    { "listDevices", NULL, js_list_devices, NULL, NULL, NULL, napi_enumerable, NULL },
    { "open", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL },
    { "version", NULL, js_version, NULL, NULL, NULL, napi_enumerable, NULL },
    { "SaneDevice", NULL, NULL, NULL, NULL, ctor, napi_enumerable, NULL },
  };
  NAPI_CALL(env, napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns));
  return exports;
}

NAPI_MODULE_INIT() { return init(env, exports); }
