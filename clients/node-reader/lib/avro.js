'use strict'
// Avro single-object encoding (docs/architecture.md, "Wire format"): C3 01, the writer schema's CRC-64-AVRO
// fingerprint (8 bytes, little-endian), then the Avro binary body. Schemas come from the .avsc files only.
const fs = require('fs')
const path = require('path')
const avro = require('avsc')

// CRC-64-AVRO (the Avro specification's "Schema Fingerprints"), over the schema's Parsing Canonical Form.
const EMPTY = 0xc15d213aa4d7a795n
const TABLE = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i)
  for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n))
  return fp
})

function fingerprint(type) {
  // avsc's schema() without exported attributes is the Parsing Canonical Form.
  let fp = EMPTY
  for (const byte of Buffer.from(JSON.stringify(type.schema()), 'utf8')) {
    fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(byte)) & 0xffn)]
  }
  return fp
}

/**
 * Every version of every schema under `roots` (folders of <Record>/v<N>.avsc), by fingerprint; each writer version
 * is read as the latest version of its record.
 */
class Catalogue {
  constructor(roots) {
    this.byFingerprint = new Map()
    for (const root of roots) {
      for (const record of fs.readdirSync(root)) {
        const folder = path.join(root, record)
        if (!fs.statSync(folder).isDirectory()) continue
        const versions = fs.readdirSync(folder)
          .map(f => /^v(\d+)\.avsc$/.exec(f))
          .filter(Boolean)
          .map(m => ({ version: Number(m[1]), file: path.join(folder, m[0]) }))
          .sort((a, b) => a.version - b.version)
        if (versions.length === 0) continue
        const types = versions.map(v => avro.Type.forSchema(JSON.parse(fs.readFileSync(v.file, 'utf8'))))
        const latest = types[types.length - 1]
        types.forEach((writer, i) => {
          const resolver = writer === latest ? undefined : latest.createResolver(writer)
          this.byFingerprint.set(fingerprint(writer), { record, version: versions[i].version, latest, resolver })
        })
      }
    }
  }

  /** { record, version, body } of a single-object encoded value; throws saying why it cannot be read. */
  decode(value) {
    if (!value || value.length < 10 || value[0] !== 0xc3 || value[1] !== 0x01) {
      throw new Error('not Avro single-object encoded (no C3 01 marker)')
    }
    const fp = value.readBigUInt64LE(2)
    const found = this.byFingerprint.get(fp)
    if (!found) throw new Error(`unknown schema fingerprint ${fp.toString(16)}`)
    // fromBuffer refuses trailing bytes.
    const body = found.latest.fromBuffer(value.subarray(10), found.resolver)
    return { record: found.record, version: found.version, body }
  }
}

module.exports = { Catalogue, fingerprint }
