// Jest runs each test file in its own V8 context, whose Float32Array is not the one native addons
// create. onnxruntime-node (the offline sentence model) hands back the host's typed arrays and then
// checks them with `instanceof` against the context's, which fails only under Jest. Sharing the host's
// typed-array constructors makes the test context behave as a plain Node.js process does.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class NodeRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = NodeRealmEnvironment;
