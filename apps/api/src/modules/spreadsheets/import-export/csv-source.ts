import type { Readable } from 'node:stream';
import type { ImportMappingDto } from '@contrivance/contracts';

/**
 * An import's CSV as the import service sees it, whatever carried it. The edge receives it when the service asks,
 * so that an import refused for access, for too many uploads or for a running id is refused before its body is read.
 */
export interface CsvSource {
  /** Receives the file in full and checks it; `onBytes` follows the bytes as they arrive. Rejects with a DomainError. */
  receive(onBytes: (total: number) => void): Promise<ReceivedCsv>;
}

/** A CSV received in full into local storage (reading it can never wait on a client), with its checked mapping. */
export interface ReceivedCsv {
  /** Where each CSV column goes, when the client sent a mapping. */
  mapping?: ImportMappingDto;
  /** A new stream of the file's bytes, from the start. */
  open(): Readable;
  /** Deletes the file; call it whatever happens. */
  remove(): Promise<void>;
}
