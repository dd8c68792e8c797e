import { Fragment } from 'react';
import { ReferenceField, ResourceContextProvider, useRecordContext } from 'react-admin';
import { useResourceSchema } from '../dataProvider';

/**
 * How a record without a name of its own reads (a pairing, a project site): the records it links,
 * "韦德明 — 4510271010010003 罗某" for a cadre–household pairing.
 */
export const LinksLabel = ({ resource }: { resource: string }) => {
  const record = useRecordContext();
  const schema = useResourceSchema(resource);
  if (!record || !schema) return null;
  const links = schema.fields.filter((f) => f.kind === 'reference' && f.requiredOnCreate);
  return (
    <ResourceContextProvider value={resource}>
      {links.map((field, i) => (
        <Fragment key={field.name}>
          {i ? ' — ' : null}
          <ReferenceField source={field.name} reference={field.reference!} link={false} />
        </Fragment>
      ))}
    </ResourceContextProvider>
  );
};
