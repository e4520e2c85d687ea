#!/usr/bin/env node
'use strict'
// Reads one agency's ddrr inbox with no Java: logs in with the agency's client.properties, decodes each record with
// the .avsc files, checks the sender's signature and the exchange's countersignature, and prints what it found.
//
//   node reader.js --home <node home> [--schemas <folder>] [--group <id>] [--timeout <seconds>]
//
// Exit: 0 when every record verified, 2 when any was rejected, 1 when it could not read the inbox.
const fs = require('fs')
const path = require('path')
const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = require('kafkajs')
const LZ4Codec = require('kafkajs-lz4')
const { kafkaSettings, parseProperties } = require('./lib/login')
const { Catalogue } = require('./lib/avro')
const { Directory, readAnchor } = require('./lib/directory')
const { verifyInboxRecord, text } = require('./lib/signatures')

// The exchange writes inboxes LZ4-compressed; kafkajs has no LZ4 codec of its own.
CompressionCodecs[CompressionTypes.LZ4] = new LZ4Codec().codec

const KEYS = 'ddrr.keys'

function options(argv) {
  const opts = { schemas: path.join(__dirname, '..', '..', 'schemas', 'src', 'main'), timeout: 60 }
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]]
    if (value === undefined) throw new Error(`${name} needs a value`)
    if (name === '--home') opts.home = value
    else if (name === '--schemas') opts.schemas = value
    else if (name === '--group') opts.group = value
    else if (name === '--timeout') opts.timeout = Number(value)
    else throw new Error(`unknown option ${name}`)
  }
  if (!opts.home) throw new Error('usage: node reader.js --home <node home> [--schemas <folder>] [--group <id>] [--timeout <seconds>]')
  return opts
}

/** Every record of `topics` up to their ends as they are now, read committed. */
async function readToEnd(kafka, groupId, topics, timeoutMs) {
  const admin = kafka.admin()
  await admin.connect()
  const remaining = new Map()
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}:${p.partition}`, BigInt(p.high))
      }
    }
  } finally {
    await admin.disconnect()
  }
  const records = Object.fromEntries(topics.map(t => [t, []]))
  if (remaining.size === 0) return records
  // No offsets are committed: every run reads from the beginning.
  const consumer = kafka.consumer({ groupId, readUncommitted: false })
  let finish
  const done = new Promise((resolve, reject) => {
    finish = resolve
    setTimeout(() => reject(new Error(`did not reach the end of ${[...remaining.keys()].join(', ')} within ${timeoutMs / 1000} s`)), timeoutMs).unref()
  })
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const at = `${payload.topic}:${payload.partition}`
    // lastOffset counts transaction markers and aborted records too, which read_committed never hands over.
    if (remaining.has(at) && BigInt(payload.lastOffset) + 1n >= remaining.get(at)) remaining.delete(at)
    if (remaining.size === 0) finish()
  })
  await consumer.connect()
  try {
    await consumer.subscribe({ topics, fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        records[topic].push({ topic, partition, offset: message.offset, key: message.key, value: message.value,
          headers: message.headers ?? {}, timestamp: Number(message.timestamp) })
      },
    })
    await done
  } finally {
    await consumer.disconnect()
  }
  return records
}

/** A value sealed under a person's key starts DD 53 (docs/architecture.md, "A sealed value, byte by byte"). */
function sealed(value) {
  return value !== null && value.length >= 2 && value[0] === 0xdd && value[1] === 0x53
}

/**
 * What a sealed value shows without the person's key: its type (ce_type) and the key's id; its signatures verify as
 * for any value, since they are over the bytes on the log. Opening it needs the key, which this reader does not ask for.
 */
function sealedEvent(record) {
  if (record.value[2] !== 1) throw new Error(`sealed format version ${record.value[2]} is not known to this reader`)
  const length = record.value.readUInt16BE(3)
  if (record.value.length <= 5 + length) throw new Error('the sealed value ends before its ciphertext')
  const type = text(record.headers, 'ce_type')
  return { record: `${type.slice(type.lastIndexOf('.') + 1)} sealed`, keyId: record.value.toString('utf8', 5, 5 + length) }
}

function show(value) {
  return JSON.stringify(value, (_, v) => (v && v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('hex') : v))
}

async function main() {
  const opts = options(process.argv.slice(2))
  const settings = kafkaSettings(path.join(opts.home, 'client.properties'))
  // The agency is the SASL user; on a bus without SASL, the home's node.properties names it.
  const nodeProperties = path.join(opts.home, 'node.properties')
  const agency = settings.agency ??
    (fs.existsSync(nodeProperties) ? parseProperties(fs.readFileSync(nodeProperties, 'utf8')).agency : undefined)
  if (!agency) throw new Error(`${opts.home} names no agency (no SASL user in client.properties, no node.properties)`)
  const inbox = `ddrr.inbox.${agency}`
  const catalogue = new Catalogue([path.join(opts.schemas, 'avro'), path.join(opts.schemas, 'directory')])
  const directory = new Directory(readAnchor(path.join(opts.home, 'keys', 'directory.pub')), catalogue)
  const kafka = new Kafka({ clientId: `ddrr-node-reader-${agency}`, brokers: settings.brokers, ssl: settings.ssl,
    sasl: settings.sasl, logLevel: logLevel.ERROR })

  const read = await readToEnd(kafka, opts.group ?? `ddrr.${agency}.node-reader`, [KEYS, inbox], opts.timeout * 1000)
  read[KEYS].forEach(r => directory.apply(r))
  console.log(`key directory: ${directory.keys.size} keys, ${directory.ignored.length} statements ignored`)

  let verified = 0
  let rejected = 0
  for (const record of read[inbox]) {
    const at = `${record.topic}-${record.partition}@${record.offset}`
    let event
    try {
      event = sealed(record.value) ? sealedEvent(record) : catalogue.decode(record.value)
    } catch (e) {
      rejected++
      console.log(`REJECTED ${at}: ${e.message}`)
      continue
    }
    const verdict = verifyInboxRecord(directory, record)
    const what = `${event.record}${event.version === undefined ? '' : ` v${event.version}`} ${text(record.headers, 'ce_id')} about ${text(record.headers, 'ce_subject')} from ${verdict.sender}`
    if (!verdict.ok) {
      rejected++
      console.log(`REJECTED ${at} ${what}: ${verdict.why}`)
      continue
    }
    verified++
    const withheld = verdict.withheld ? ` (withheld: ${verdict.withheld})` : ''
    console.log(`VERIFIED ${at} ${what}, signed by ${verdict.checks.join(', ')}${withheld}`)
    console.log(event.body === undefined ? `  sealed under the key ${event.keyId}` : `  ${show(event.body)}`)
  }
  console.log(`read ${verified + rejected} records of ${inbox}: ${verified} verified, ${rejected} rejected`)
  return rejected === 0 ? 0 : 2
}

main().then(code => { process.exitCode = code }, e => {
  console.error(`ddrr-node-reader: ${e.message}`)
  process.exitCode = 1
})
