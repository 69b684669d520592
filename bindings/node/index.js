// The CommonJS entry point of frontdesk: the napi-rs loader (binding.js, generated)
// with every function and method wrapped so that a core error is thrown as a
// FrontdeskError carrying its structured fields (docs/errors.md, "Errors in Node").
module.exports = require('./binding.js')
const binding = module.exports

class FrontdeskError extends Error {}
Object.defineProperty(FrontdeskError.prototype, 'name', { value: 'FrontdeskError' })

const camel = (v) =>
  Array.isArray(v) ? v.map(camel)
  : v === null || typeof v !== 'object' ? v
  : Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), camel(x)]))

// The addon puts the core's JSON of the error (with `code` and `family`) in the
// message of its cause; `from` is the wrapper the caller called, where the stack starts.
function rethrow(e, from) {
  let details
  try {
    details = typeof e?.code === 'string' && e.cause instanceof Error && JSON.parse(e.cause.message)
  } catch {}
  if (details?.code !== e.code) return e
  const error = Object.assign(new FrontdeskError(e.message), camel(details))
  Error.captureStackTrace?.(error, from)
  return error
}

function wrap(f) {
  const wrapped = function (...args) {
    try {
      const out = f.apply(this, args)
      return typeof out?.then === 'function' ? out.catch((e) => Promise.reject(rethrow(e, wrapped))) : out
    } catch (e) {
      throw rethrow(e, wrapped)
    }
  }
  return wrapped
}

// A class becomes a constructor of the same name and prototype (so `instanceof`
// holds) with its statics wrapped (napi-rs makes the class's own read-only),
// and every method and getter of the prototype is wrapped in place.
function wrapClass(cls) {
  const ctor = wrap((...args) => Reflect.construct(cls, args))
  Object.defineProperty(ctor, 'name', { value: cls.name })
  ctor.prototype = cls.prototype
  for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(cls))) {
    if (typeof d.value === 'function') ctor[name] = wrap(d.value)
  }
  for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(cls.prototype))) {
    if (name === 'constructor' || !d.configurable) continue
    if (typeof d.value === 'function') Object.defineProperty(cls.prototype, name, { ...d, value: wrap(d.value) })
    else if (d.get) Object.defineProperty(cls.prototype, name, { ...d, get: wrap(d.get) })
  }
  return ctor
}

for (const [name, value] of Object.entries(binding)) {
  if (typeof value === 'function') binding[name] = /^[A-Z]/.test(name) ? wrapClass(value) : wrap(value)
}
module.exports.FrontdeskError = FrontdeskError
