select 1 

    except

 select 2