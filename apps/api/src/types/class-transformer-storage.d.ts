/** class-transformer keeps its metadata store in an untyped deep path; class-validator-jsonschema needs it. */
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
