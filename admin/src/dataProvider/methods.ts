import type {
  CreateParams,
  CreateResult,
  DeleteManyParams,
  DeleteManyResult,
  DeleteParams,
  DeleteResult,
  GetListParams,
  GetListResult,
  GetManyParams,
  GetManyReferenceParams,
  GetManyReferenceResult,
  GetManyResult,
  GetOneParams,
  GetOneResult,
  RaRecord,
  UpdateManyParams,
  UpdateManyResult,
  UpdateParams,
  UpdateResult,
} from 'ra-core';

/**
 * react-admin's standard methods over the records one provider returns (R). DataProvider's methods are generic
 * in the record type their caller names (`getOne<Household>`), which no implementation can know; the hub's
 * providers (records, users and tokens, imports) are written against what they return, and index.ts hands
 * them to react-admin in one place.
 */
export interface RecordMethods<R extends RaRecord> {
  getList(resource: string, params: GetListParams): Promise<GetListResult<R>>;
  getOne(resource: string, params: GetOneParams): Promise<GetOneResult<R>>;
  getMany(resource: string, params: GetManyParams): Promise<GetManyResult<R>>;
  getManyReference(resource: string, params: GetManyReferenceParams): Promise<GetManyReferenceResult<R>>;
  create(resource: string, params: CreateParams): Promise<CreateResult<R>>;
  update(resource: string, params: UpdateParams): Promise<UpdateResult<R>>;
  updateMany(resource: string, params: UpdateManyParams): Promise<UpdateManyResult>;
  delete(resource: string, params: DeleteParams): Promise<DeleteResult<R>>;
  deleteMany(resource: string, params: DeleteManyParams): Promise<DeleteManyResult>;
}
