import { ListSubheader } from '@mui/material';
import { Fragment } from 'react';
import { Menu as RaMenu, useSidebarState, useTranslate } from 'react-admin';
import { useRestShown } from '../grid/gridFirst';
import { useInMenu } from '../resources/access';
import { AREAS } from '../resources/areas';

/**
 * The menu by area (区划, 贫困户与成员, 项目与资金, 结对帮扶, 目标与标准, 数据导入, 用户), only what the role can use; on a
 * page loaded on a list, once the grid has drawn its first rows (grid/gridFirst.ts: the drawer is there, empty, before).
 */
export const Menu = () => {
  const translate = useTranslate();
  const [open] = useSidebarState();
  const inMenu = useInMenu();
  if (!useRestShown()) return null;
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      {AREAS.map(({ area, resources }) => {
        const visible = resources.filter((r) => inMenu(r.name));
        if (!visible.length) return null;
        return (
          <Fragment key={area}>
            {open ? (
              <ListSubheader component="div" sx={{ lineHeight: '32px', mt: 1, bgcolor: 'transparent' }}>
                {translate(`hub.menu.${area}`)}
              </ListSubheader>
            ) : null}
            {visible.map((r) => (
              <RaMenu.ResourceItem key={r.name} name={r.name} />
            ))}
          </Fragment>
        );
      })}
    </RaMenu>
  );
};
