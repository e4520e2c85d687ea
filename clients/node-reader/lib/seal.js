'use strict'
// Version 2 of a delivery's signatures: one binary header, ddrr_seal, laid out as docs/architecture.md ("The seal,
// byte by byte") and bus-client's Seal.java say. All integers big-endian.

const VERSION = 2
const HAS_SEQUENCE = 0x01
const IS_DELIVERY = 0x02
const SIGNATURE_BYTES = 64
const HASH_BYTES = 32

/** The version-1 headers a seal replaces: a record carrying both is refused. */
const VERSION_1 = ['ddrr_sig_key', 'ddrr_sig', 'ddrr_sig_proof', 'ddrr_sig_seq', 'ddrr_sig_leaf', 'ddrr_ledger_time',
  'ddrr_xsig_key', 'ddrr_xsig', 'ddrr_xsig_proof']

/** Reads a seal's bytes; throws with one line when malformed. */
function parseSeal(bytes) {
  let at = 0
  const take = n => {
    if (at + n > bytes.length) throw new Error('malformed seal')
    const part = bytes.subarray(at, at + n)
    at += n
    return part
  }
  const sized = () => take(take(2).readUInt16BE(0))
  if (take(1)[0] !== VERSION) throw new Error('unknown seal version')
  const flags = take(1)[0]
  if ((flags & ~(HAS_SEQUENCE | IS_DELIVERY)) !== 0) throw new Error('unknown seal flags')
  const seal = { keyId: sized(), signature: take(SIGNATURE_BYTES), proof: sized() }
  seal.sequence = (flags & HAS_SEQUENCE) !== 0 ? take(8) : null
  seal.senderLeaf = null
  seal.ledgerTime = null
  if ((flags & IS_DELIVERY) !== 0) {
    seal.senderLeaf = take(HASH_BYTES)
    seal.ledgerTime = Number(take(8).readBigInt64BE(0))
  }
  seal.prefix = bytes.subarray(0, at)
  seal.exchange = null
  if (at < bytes.length) {
    if (seal.senderLeaf === null) throw new Error('a countersigned seal that is no delivery')
    seal.exchange = { keyId: sized(), signature: take(SIGNATURE_BYTES), proof: sized() }
  }
  if (at !== bytes.length || seal.keyId.length === 0 || (seal.exchange && seal.exchange.keyId.length === 0)) {
    throw new Error('malformed seal')
  }
  return seal
}

/**
 * The seal a record carries (kafkajs headers: name -> Buffer or array of Buffers), or null when it carries none;
 * throws when it is repeated or beside version-1 signature headers.
 */
function sealOf(headers) {
  const found = [].concat(headers.ddrr_seal ?? [])
  if (found.length === 0) return null
  if (found.length > 1) throw new Error('the seal header is repeated')
  if (VERSION_1.some(name => headers[name] !== undefined)) throw new Error('a seal beside version-1 signature headers')
  return parseSeal(Buffer.from(found[0] ?? []))
}

module.exports = { parseSeal, sealOf }
