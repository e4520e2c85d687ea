'use strict'
// The key directory ddrr.keys: the operator's signed statements about signing keys (docs/architecture.md).
const fs = require('fs')
const { parts, ed25519Verify, keyId, all } = require('./signatures')

/** The trust anchor: keys/directory.pub of a node home, the base64 of a 32-byte Ed25519 key after comment lines. */
function readAnchor(file) {
  const line = fs.readFileSync(file, 'ascii').split('\n').map(l => l.trim()).find(l => l && !l.startsWith('#'))
  const publicKey = Buffer.from(line ?? '', 'base64')
  if (publicKey.length !== 32) throw new Error(`${file} is not the base64 of a 32-byte Ed25519 public key`)
  return { publicKey, keyId: keyId('directory', publicKey) }
}

class Directory {
  constructor(anchor, catalogue) {
    this.anchor = anchor
    this.catalogue = catalogue
    this.keys = new Map()
    this.ignored = []
  }

  /** Applies one record of ddrr.keys; a record the anchor did not sign, or an older statement, is ignored. */
  apply({ key, value, headers }) {
    const ignore = why => { this.ignored.push(`${key}: ${why}`) }
    const signers = all(headers, 'ddrr_dir_key')
    const signatures = all(headers, 'ddrr_dir_sig')
    if (!key || !value) return ignore('no key or value')
    if (signers.length !== 1 || signatures.length !== 1) return ignore('no single directory signature')
    if (signers[0].toString('utf8') !== this.anchor.keyId) return ignore(`signed by ${signers[0]}, not ${this.anchor.keyId}`)
    const statement = parts('ddrr-key-directory-v1', key, value)
    if (!ed25519Verify(this.anchor.publicKey, statement, signatures[0])) return ignore('directory signature does not match')
    let entry
    try {
      const decoded = this.catalogue.decode(value)
      if (decoded.record !== 'SigningKeyEntry') return ignore(`a ${decoded.record}, not a SigningKeyEntry`)
      entry = decoded.body
    } catch (e) {
      return ignore(e.message)
    }
    const id = key.toString('utf8')
    if (entry.keyId !== id) return ignore(`record key is not the key id ${entry.keyId}`)
    if (keyId(entry.principal, entry.publicKey) !== id) return ignore('key id is not the public key\'s fingerprint')
    const known = this.keys.get(id)
    const stated = {
      principal: entry.principal,
      publicKey: Buffer.from(entry.publicKey),
      validFrom: Number(entry.validFrom),
      validUntil: entry.validUntil === null ? null : Number(entry.validUntil),
      revokedFrom: entry.revokedFrom === null ? null : Number(entry.revokedFrom),
      statedAt: Number(entry.statedAt),
    }
    if (known) {
      if (known.principal !== stated.principal || !known.publicKey.equals(stated.publicKey)) return ignore('another key under a known id')
      if (stated.statedAt <= known.statedAt) return ignore('no newer than the statement applied')
      // A revocation, once read, is never lifted.
      if (known.revokedFrom !== null && (stated.revokedFrom === null || known.revokedFrom < stated.revokedFrom)) {
        stated.revokedFrom = known.revokedFrom
      }
    }
    this.keys.set(id, stated)
  }

  find(id) {
    return this.keys.get(id)
  }
}

module.exports = { Directory, readAnchor }
