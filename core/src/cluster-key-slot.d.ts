// The package ships no types: it is ioredis's own slot function (CRC16 of the key or its {hash tag}, mod 16384).
declare module "cluster-key-slot" {
  export default function calculateSlot(key: string | Buffer): number;
}
