'use strict'
// The signature scheme of docs/architecture.md ("The signature scheme, byte by byte"), with Node's own crypto.
const crypto = require('crypto')
const { sealOf } = require('./seal')

const CLOUD_EVENTS = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject', 'content-type']
const TERMS = ['ddrr_purpose', 'ddrr_legal_basis', 'ddrr_withheld']
const SENDER = { key: 'ddrr_sig_key', signature: 'ddrr_sig', proof: 'ddrr_sig_proof' }
const EXCHANGE = { key: 'ddrr_xsig_key', signature: 'ddrr_xsig', proof: 'ddrr_xsig_proof' }

const sha256 = (...chunks) => chunks.reduce((h, c) => h.update(c), crypto.createHash('sha256')).digest()

// Headers as kafkajs gives them: name -> Buffer, or an array of Buffers when repeated.
const all = (headers, name) => [].concat(headers[name] ?? []).map(v => Buffer.from(v ?? []))
/** A header's bytes for the signed content: the last value, or empty when absent. */
const last = (headers, name) => all(headers, name).pop() ?? Buffer.alloc(0)
const has = (headers, name) => all(headers, name).length > 0
const text = (headers, name) => last(headers, name).toString('utf8')

/** tag, then each part, every one as a 4-byte big-endian length and its bytes. */
function parts(tag, ...values) {
  const out = []
  for (const v of [Buffer.from(tag, 'utf8'), ...values]) {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(v.length)
    out.push(len, v)
  }
  return Buffer.concat(out)
}

const leaf = content => sha256(Buffer.from([0x00]), content)
const node = (left, right) => sha256(Buffer.from([0x01]), left, right)

/**
 * What a sender signs for one event: its CloudEvents values, its value, and its sequence when it has one: `sequence`
 * (from a seal), else ddrr_sig_seq when present.
 */
function eventLeaf(headers, value, sequence = null) {
  const values = CLOUD_EVENTS.map(n => last(headers, n)).concat([value ?? Buffer.alloc(0)])
  if (sequence !== null) values.push(sequence)
  else if (has(headers, 'ddrr_sig_seq')) values.push(last(headers, 'ddrr_sig_seq'))
  return leaf(parts('ddrr-event-v1', ...values))
}

/** What the exchange signs for one delivery whose signatures travel in a seal: its countersigned prefix, and on. */
function sealedDeliveryLeaf(seal, inbox, headers, value) {
  const values = [seal.prefix, Buffer.from(inbox, 'utf8')]
    .concat(CLOUD_EVENTS.map(n => last(headers, n)))
    .concat(TERMS.map(n => last(headers, n)))
  values.push(sha256(value ?? Buffer.alloc(0)))
  return leaf(parts('ddrr-delivery-v2', ...values))
}

/** What the exchange signs for one delivery into `inbox`. */
function deliveryLeaf(senderLeaf, inbox, headers, value) {
  const values = [senderLeaf, Buffer.from(inbox, 'utf8')]
    .concat(CLOUD_EVENTS.map(n => last(headers, n)))
    .concat(TERMS.map(n => last(headers, n)))
  if (has(headers, 'ddrr_ledger_time')) values.push(last(headers, 'ddrr_ledger_time'))
  values.push(sha256(value ?? Buffer.alloc(0)))
  return leaf(parts('ddrr-delivery-v1', ...values))
}

/** The Merkle root a leaf leads to with its inclusion proof; throws on a malformed proof. */
function rootOf(leafHash, proof) {
  if (proof.length < 8 || (proof.length - 8) % 32 !== 0) throw new Error('malformed inclusion proof')
  const index = proof.readInt32BE(0)
  const count = proof.readInt32BE(4)
  if (count < 1 || index < 0 || index >= count) throw new Error(`inclusion proof names leaf ${index} of ${count}`)
  let hash = leafHash
  let position = index
  let at = 8
  for (let width = count; width > 1; width = Math.ceil(width / 2)) {
    if ((position ^ 1) < width) {
      if (at >= proof.length) throw new Error('inclusion proof too short')
      const sibling = proof.subarray(at, at + 32)
      at += 32
      hash = position % 2 === 0 ? node(hash, sibling) : node(sibling, hash)
    }
    position = Math.floor(position / 2)
  }
  if (at !== proof.length) throw new Error('inclusion proof too long')
  return hash
}

function ed25519Verify(publicKey, message, signature) {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' })
  return crypto.verify(null, message, key, signature)
}

/** `<principal>/<first 8 hex digits of SHA-256(public key)>` */
const keyId = (principal, publicKey) => `${principal}/${sha256(publicKey).toString('hex').slice(0, 8)}`

/** When an instant (ms) is judged: the later of ce_time and `floor` (ms); `floor` alone if ce_time is unreadable. */
function eventTime(headers, floor) {
  const declared = Date.parse(text(headers, 'ce_time'))
  return Number.isNaN(declared) ? floor : Math.max(declared, floor)
}

/**
 * One signature (sender's or exchange's, by `names`) over `leafHash`, by a key that spoke for `expectedSigner` at
 * `madeAt` (ms). Returns { ok: true, keyId } or { ok: false, why }.
 */
function check(directory, headers, names, leafHash, expectedSigner, madeAt) {
  const [ids, signatures, proofs] = [names.key, names.signature, names.proof].map(n => all(headers, n))
  if (ids.length === 0 && signatures.length === 0 && proofs.length === 0) return { ok: false, why: `unsigned (no ${names.signature})` }
  if (ids.length !== 1 || signatures.length !== 1 || proofs.length !== 1) {
    return { ok: false, why: 'signature headers are incomplete or repeated' }
  }
  return verify(directory, ids[0], signatures[0], proofs[0], leafHash, expectedSigner, madeAt)
}

/** A signature by the key `idBytes` names of the root `leafHash` and `proof` lead to, as `check` says. */
function verify(directory, idBytes, signature, proof, leafHash, expectedSigner, madeAt) {
  const id = idBytes.toString('utf8')
  const key = directory.find(id)
  if (!key) return { ok: false, why: `unknown signing key ${id}` }
  let root
  try {
    root = rootOf(leafHash, proof)
  } catch (e) {
    return { ok: false, why: e.message }
  }
  if (!ed25519Verify(key.publicKey, root, signature)) {
    return { ok: false, why: `the signature of ${id} does not match the content` }
  }
  if (key.principal !== expectedSigner) return { ok: false, why: `signed by ${key.principal}, not ${expectedSigner}` }
  if (key.revokedFrom !== null && madeAt >= key.revokedFrom) return { ok: false, why: `${id} was revoked from ${iso(key.revokedFrom)}` }
  if (madeAt < key.validFrom) return { ok: false, why: `${id} speaks for ${key.principal} only from ${iso(key.validFrom)}` }
  if (key.validUntil !== null && madeAt >= key.validUntil) return { ok: false, why: `${id} spoke for ${key.principal} only until ${iso(key.validUntil)}` }
  return { ok: true, keyId: id }
}

/** A delivery whose signatures travel in a seal (version 2), judged as `verifyInboxRecord` judges version 1. */
function verifySealed(directory, record, seal, sender) {
  const { topic, headers, value, timestamp } = record
  if (seal.senderLeaf === null) return { ok: false, sender, why: 'the seal does not name the sender\'s signed event' }
  const signed = verify(directory, seal.keyId, seal.signature, seal.proof, seal.senderLeaf, sender,
    eventTime(headers, seal.ledgerTime))
  if (!signed.ok) return { ok: false, sender, why: `sender: ${signed.why}` }
  if (seal.exchange === null) return { ok: false, sender, why: 'exchange: unsigned (the seal carries no countersignature)' }
  const countersigned = verify(directory, seal.exchange.keyId, seal.exchange.signature, seal.exchange.proof,
    sealedDeliveryLeaf(seal, topic, headers, value), 'exchange', timestamp)
  if (!countersigned.ok) return { ok: false, sender, why: `exchange: ${countersigned.why}` }
  const withheld = text(headers, 'ddrr_withheld')
  if (withheld === '' && !eventLeaf(headers, value, seal.sequence).equals(seal.senderLeaf)) {
    return { ok: false, sender, why: 'the delivered event is not the one its sender signed' }
  }
  return { ok: true, sender, checks: [`sender ${signed.keyId}`, `exchange ${countersigned.keyId}`], withheld }
}

const iso = ms => new Date(ms).toISOString()

/**
 * A record of an agency's inbox, judged as the bus's own readers judge it. `record` is
 * { topic, headers, value, timestamp (ms, the broker's append time) }. Returns { ok, sender, checks: [...], why }.
 */
function verifyInboxRecord(directory, record) {
  const { topic, headers, value, timestamp } = record
  const source = text(headers, 'ce_source')
  const sender = source.startsWith('/agencies/') ? source.slice('/agencies/'.length) : ''
  if (sender === '') return { ok: false, sender, why: `ce_source is not /agencies/<agency>: ${JSON.stringify(source)}` }
  if (sender === 'exchange') {
    // An event the exchange wrote itself (a refusal notice, its erasure confirmation): signed as an event.
    const own = check(directory, headers, SENDER, eventLeaf(headers, value), 'exchange', eventTime(headers, timestamp))
    return { ok: own.ok, sender, checks: [`exchange ${own.ok ? own.keyId : 'FAILED'}`], why: own.why }
  }
  let seal
  try {
    seal = sealOf(headers)
  } catch (e) {
    return { ok: false, sender, why: e.message }
  }
  if (seal !== null) return verifySealed(directory, record, seal, sender)
  const senderLeaf = last(headers, 'ddrr_sig_leaf')
  if (senderLeaf.length !== 32) return { ok: false, sender, why: 'the delivery does not name the sender\'s signed event (ddrr_sig_leaf)' }
  const ledgerTime = Date.parse(text(headers, 'ddrr_ledger_time'))
  const signed = check(directory, headers, SENDER, senderLeaf, sender,
    eventTime(headers, Number.isNaN(ledgerTime) ? timestamp : ledgerTime))
  if (!signed.ok) return { ok: false, sender, why: `sender: ${signed.why}` }
  const countersigned = check(directory, headers, EXCHANGE, deliveryLeaf(senderLeaf, topic, headers, value), 'exchange', timestamp)
  if (!countersigned.ok) return { ok: false, sender, why: `exchange: ${countersigned.why}` }
  const withheld = text(headers, 'ddrr_withheld')
  if (withheld === '' && !eventLeaf(headers, value).equals(senderLeaf)) {
    return { ok: false, sender, why: 'the delivered event is not the one its sender signed' }
  }
  return { ok: true, sender, checks: [`sender ${signed.keyId}`, `exchange ${countersigned.keyId}`], withheld }
}

module.exports = { parts, leaf, eventLeaf, deliveryLeaf, sealedDeliveryLeaf, rootOf, ed25519Verify, keyId, verifyInboxRecord, last, all, text }
