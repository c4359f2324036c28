package io.k3j.storage.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps result-set columns laid out as {@link Sql#COLUMNS} to rows. */
final class Rows {

    private Rows() {
    }

    static Row read(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0,
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getBytes(8));
    }
}
