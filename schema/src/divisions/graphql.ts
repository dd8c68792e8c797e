/* The division tree (county → township → village → group): its record types, each in a file of its own, registered in this order. */
import './county';
import './township';
import './village';
import './villageGroup';
